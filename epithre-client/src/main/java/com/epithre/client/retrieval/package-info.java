/**
 * Retrieval (docs/epithre-api.md, retrieval): semantic search over uploaded knowledge files.
 */
@NullMarked
package com.epithre.client.retrieval;

import org.jspecify.annotations.NullMarked;
