/**
 * Embeddings (docs/epithre-api.md, embeddings): text and image inputs, vectors and usage.
 */
@NullMarked
package com.epithre.client.embedding;

import org.jspecify.annotations.NullMarked;
