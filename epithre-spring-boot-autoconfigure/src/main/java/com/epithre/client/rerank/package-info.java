/**
 * Rerank (EPITHRE-API.md 6): a query against up to 64 documents, scored by a cross-encoder.
 */
@NullMarked
package com.epithre.client.rerank;

import org.jspecify.annotations.NullMarked;
