/**
 * Retrieval (EPITHRE-API.md 11): semantic search over uploaded knowledge files.
 */
@NullMarked
package com.epithre.client.retrieval;

import org.jspecify.annotations.NullMarked;
