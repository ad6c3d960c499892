/**
 * Images with {@code epithre-iris} (docs/epithre-api.md, images): generations, edits and the base64 answers decoded to
 * bytes.
 */
@NullMarked
package com.epithre.client.image;

import org.jspecify.annotations.NullMarked;
