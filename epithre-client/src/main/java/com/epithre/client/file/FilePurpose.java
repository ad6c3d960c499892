package com.epithre.client.file;

/**
 * The documented {@code purpose} values of an upload (docs/epithre-api.md, files). The field is a string, so values
 * added by
 * the API can be passed as they are.
 *
 * @since 0.1.0
 */
public final class FilePurpose {

	/** JSONL input of a batch (docs/epithre-api.md, batches). */
	public static final String BATCH_INPUT = "batch_input";

	/** A document for retrieval: PDF, UTF-8 text or Markdown (docs/epithre-api.md, files and retrieval). */
	public static final String KNOWLEDGE = "knowledge";

	private FilePurpose() {
	}

}
