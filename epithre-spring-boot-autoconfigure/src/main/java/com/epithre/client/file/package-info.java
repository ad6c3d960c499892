/**
 * Files (EPITHRE-API.md 8): streamed multipart uploads, listing, download and deletion.
 */
@NullMarked
package com.epithre.client.file;

import org.jspecify.annotations.NullMarked;
