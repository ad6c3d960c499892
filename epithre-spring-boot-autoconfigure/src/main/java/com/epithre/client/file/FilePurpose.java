package com.epithre.client.file;

/**
 * The documented {@code purpose} values of an upload (EPITHRE-API.md 8). The field is a string, so values added by
 * the API can be passed as they are.
 *
 * @since 0.1.0
 */
public final class FilePurpose {

	/** JSONL input of a batch (EPITHRE-API.md 9). */
	public static final String BATCH_INPUT = "batch_input";

	/** A document for retrieval: PDF, UTF-8 text or Markdown (EPITHRE-API.md 8, 11). */
	public static final String KNOWLEDGE = "knowledge";

	private FilePurpose() {
	}

}
