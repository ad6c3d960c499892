package com.epithre.client.batch;

import org.jspecify.annotations.Nullable;

/**
 * One output line of a batch, without its body (docs/epithre-api.md, batches, assumed OpenAI-compatible). Decode the
 * body with
 * {@link BatchOutput#body(String, Class)}.
 *
 * @param customId the line's {@code custom_id}
 * @param statusCode the HTTP status of the answer, or {@code null} when the line failed without one
 * @param requestId the answer's request id
 * @param errorCode the {@code error.code} of a failed line, or its {@code error.type} when it has no code
 * @param errorMessage the {@code error.message} of a failed line, or the {@code error} itself when it is a string
 * @since 0.1.0
 */
public record BatchResult(String customId, @Nullable Integer statusCode, @Nullable String requestId,
		@Nullable String errorCode, @Nullable String errorMessage) {

	/**
	 * Return whether the line was answered with a 2xx status and no error.
	 * @return whether it succeeded
	 */
	public boolean succeeded() {
		return this.errorCode == null && this.errorMessage == null && this.statusCode != null
				&& this.statusCode >= 200 && this.statusCode < 300;
	}

}
