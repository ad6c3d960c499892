package com.epithre.client.internal;

import com.epithre.client.RequestOptions;

/**
 * Combines a client's default {@link RequestOptions} (from {@code EpithreClient#withOptions}) with a call's own.
 */
public final class RequestOptionsSupport {

	private RequestOptionsSupport() {
	}

	/**
	 * Return the call's options, each unset one taken from the defaults.
	 * @param defaults the client's defaults
	 * @param options the call's options
	 * @return the combined options
	 */
	public static RequestOptions merge(RequestOptions defaults, RequestOptions options) {
		if (defaults == RequestOptions.none()) {
			return options;
		}
		return new RequestOptions(
				(options.responseTimeout() != null) ? options.responseTimeout() : defaults.responseTimeout(),
				(options.streamIdleTimeout() != null) ? options.streamIdleTimeout() : defaults.streamIdleTimeout(),
				(options.totalTimeout() != null) ? options.totalTimeout() : defaults.totalTimeout(),
				(options.retry() != null) ? options.retry() : defaults.retry());
	}

}
