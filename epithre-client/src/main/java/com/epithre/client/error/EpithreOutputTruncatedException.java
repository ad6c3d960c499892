package com.epithre.client.error;

import org.jspecify.annotations.Nullable;

/**
 * A structured answer stopped with {@code finish_reason: length}: the output ran out of tokens, whatever its JSON
 * looks like (docs/epithre-api.md, structured output). Raise {@code max_tokens}, simplify a deep or
 * many-required-fields schema, or use
 * {@code json_object} with lenient validation.
 *
 * @since 0.1.0
 */
public class EpithreOutputTruncatedException extends EpithreException {

	private static final long serialVersionUID = 1L;

	private final String content;

	public EpithreOutputTruncatedException(String message, String content, @Nullable String requestId) {
		super(message, requestId, null);
		this.content = content;
	}

	/**
	 * Return the partial answer text.
	 * @return the text the model produced before it ran out of tokens
	 */
	public String getContent() {
		return this.content;
	}

}
