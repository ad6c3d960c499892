/**
 * Batches (docs/epithre-api.md, batches): create, follow, cancel, and the JSONL input and output.
 */
@NullMarked
package com.epithre.client.batch;

import org.jspecify.annotations.NullMarked;
