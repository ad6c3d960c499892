/**
 * Images with {@code epithre-iris} (EPITHRE-API.md 7): generations, edits and the base64 answers decoded to bytes.
 */
@NullMarked
package com.epithre.client.image;

import org.jspecify.annotations.NullMarked;
