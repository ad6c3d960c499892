package com.epithre.client.chat;

/**
 * Known {@code finish_reason} values; the field stays a string because the API may add values (EPITHRE-API.md 4.3).
 *
 * @since 0.1.0
 */
public final class FinishReason {

	/** The model finished its answer. */
	public static final String STOP = "stop";

	/** The answer hit {@code max_tokens}: it is cut off, and structured output may be invalid (EPITHRE-API.md 4.6). */
	public static final String LENGTH = "length";

	/** The model called tools (assumed: OpenAI-compatible). */
	public static final String TOOL_CALLS = "tool_calls";

	private FinishReason() {
	}

}
