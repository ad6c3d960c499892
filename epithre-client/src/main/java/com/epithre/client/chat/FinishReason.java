package com.epithre.client.chat;

/**
 * Known {@code finish_reason} values; the field stays a string because the API may add values (docs/epithre-api.md,
 * chat).
 *
 * @since 0.1.0
 */
public final class FinishReason {

	/** The model finished its answer. */
	public static final String STOP = "stop";

	/** The answer hit {@code max_tokens}: it is cut off, and structured output may be invalid (docs/epithre-api.md, structured output). */
	public static final String LENGTH = "length";

	/** The model called tools (assumed: OpenAI-compatible). */
	public static final String TOOL_CALLS = "tool_calls";

	private FinishReason() {
	}

}
