package com.epithre.client.error;

/**
 * An {@code data: {"error":{...}}} event inside a {@code 200} stream (docs/epithre-api.md, streaming); {@link
 * #getApiError()}
 * holds the same typed error the status would have produced, e.g. an {@link EpithreServerException}.
 *
 * @since 0.1.0
 */
public class EpithreStreamErrorEventException extends EpithreStreamException {

	private static final long serialVersionUID = 1L;

	private final EpithreApiException apiError;

	public EpithreStreamErrorEventException(EpithreApiException apiError) {
		super("Error event in stream: " + apiError.getMessage(), apiError.getRequestId(), apiError);
		this.apiError = apiError;
	}

	/**
	 * Return the error the event carried, typed by its code as for an HTTP error.
	 * @return the typed API error
	 */
	public EpithreApiException getApiError() {
		return this.apiError;
	}

}
