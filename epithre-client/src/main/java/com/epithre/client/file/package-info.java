/**
 * Files (docs/epithre-api.md, files): streamed multipart uploads, listing, download and deletion.
 */
@NullMarked
package com.epithre.client.file;

import org.jspecify.annotations.NullMarked;
