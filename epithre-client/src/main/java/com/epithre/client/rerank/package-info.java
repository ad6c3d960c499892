/**
 * Rerank (docs/epithre-api.md, rerank): a query against up to 64 documents, scored by a cross-encoder.
 */
@NullMarked
package com.epithre.client.rerank;

import org.jspecify.annotations.NullMarked;
