package com.epithre.client.error;

import org.jspecify.annotations.Nullable;

/**
 * A structured answer finished normally but its text is not JSON of the requested type (docs/epithre-api.md,
 * structured output). The
 * message holds the start of the text; {@link #getContent()} holds all of it.
 *
 * @since 0.1.0
 */
public class EpithreInvalidOutputException extends EpithreInvalidResponseException {

	private static final long serialVersionUID = 1L;

	private final String content;

	public EpithreInvalidOutputException(String message, String content, @Nullable String requestId,
			@Nullable Throwable cause) {
		super(message, requestId, cause);
		this.content = content;
	}

	/**
	 * Return the answer text that could not be decoded.
	 * @return the text
	 */
	public String getContent() {
		return this.content;
	}

}
