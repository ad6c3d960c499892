/**
 * Batches (EPITHRE-API.md 9): create, follow, cancel, and the JSONL input and output.
 */
@NullMarked
package com.epithre.client.batch;

import org.jspecify.annotations.NullMarked;
