package com.epithre.client.error;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * HTTP 429: one of Epithre's rate limits was hit; {@link #getReason()} tells which, because each asks for a different
 * reaction (docs/epithre-api.md, errors).
 *
 * @since 0.1.0
 */
public class EpithreRateLimitException extends EpithreApiException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	public EpithreRateLimitException(EpithreErrorDetails details) {
		super(details);
		this.reason = Reason.of(details.code());
	}

	/**
	 * Return which limit was hit.
	 * @return the reason, {@link Reason#OTHER} for a code the API does not document
	 */
	public Reason getReason() {
		return this.reason;
	}

	@Override
	public boolean isRetryable() {
		// docs/epithre-api.md, errors: rpd_exceeded resets at 00:00 UTC, retrying before then only burns requests
		return this.reason != Reason.RPD;
	}

	/**
	 * The 429 variants of docs/epithre-api.md, errors.
	 */
	public enum Reason {

		/** {@code rpm_exceeded}: per-key requests per minute; retry after 1-2 s. */
		RPM("rpm_exceeded"),

		/** {@code rpd_exceeded}: per-key requests per day; resets at 00:00 UTC. */
		RPD("rpd_exceeded"),

		/** {@code concurrency_exceeded}: per-key in-flight cap; send fewer requests at once. */
		CONCURRENCY("concurrency_exceeded"),

		/** {@code backend_busy}: the shared pool is full, not the key's fault; back off with jitter. */
		BACKEND_BUSY("backend_busy"),

		/** Any other or missing code. */
		OTHER("");

		private final String code;

		Reason(String code) {
			this.code = code;
		}

		/**
		 * Return the error code on the wire, empty for {@link #OTHER}.
		 * @return the code
		 */
		public String code() {
			return this.code;
		}

		static Reason of(@Nullable String code) {
			if (code != null) {
				String normalized = code.toLowerCase(Locale.ROOT);
				for (Reason reason : values()) {
					if (reason != OTHER && reason.code.equals(normalized)) {
						return reason;
					}
				}
			}
			return OTHER;
		}

	}

}
