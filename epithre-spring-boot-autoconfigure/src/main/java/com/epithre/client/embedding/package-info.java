/**
 * Embeddings (EPITHRE-API.md 5): text and image inputs, vectors and usage.
 */
@NullMarked
package com.epithre.client.embedding;

import org.jspecify.annotations.NullMarked;
