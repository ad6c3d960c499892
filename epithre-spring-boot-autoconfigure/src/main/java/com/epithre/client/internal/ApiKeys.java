package com.epithre.client.internal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * API key hygiene (docs/epithre-api.md, authentication and what the client handles): trimming, validation, and the
 * 12-character prefix that is safe to show.
 */
public final class ApiKeys {

	/** How many leading characters Epithre's dashboard shows, and the most we ever print. */
	public static final int PREFIX_LENGTH = 12;

	private static final Log logger = LogFactory.getLog(ApiKeys.class);

	private ApiKeys() {
	}

	/**
	 * Trim a configured key, warn about what a 401 would otherwise reveal much later, and refuse inner whitespace.
	 * @param key the key as configured
	 * @return the trimmed key, or {@code null} when none or blank
	 * @throws IllegalArgumentException when the key contains whitespace inside
	 */
	public static @Nullable String normalize(@Nullable String key) {
		if (key == null || key.isBlank()) {
			return null;
		}
		String trimmed = key.strip();
		if (!trimmed.equals(key)) {
			logger.warn("Epithre API key " + prefix(trimmed) + "... had leading or trailing whitespace (often a "
					+ "trailing newline from a secret file or shell quoting); it was trimmed");
		}
		if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new IllegalArgumentException(
					"Epithre API key must be configured without the 'Bearer ' prefix; the client adds it");
		}
		for (int i = 0; i < trimmed.length(); i++) {
			if (Character.isWhitespace(trimmed.charAt(i))) {
				throw new IllegalArgumentException("Epithre API key " + prefix(trimmed)
						+ "... contains whitespace inside it; check how the key was copied (docs/epithre-api.md, authentication)");
			}
		}
		if (!trimmed.startsWith("esk_live_") && !trimmed.startsWith("esk_test_")) {
			logger.warn("Epithre API key " + prefix(trimmed)
					+ "... does not start with esk_live_ or esk_test_; using it anyway");
		}
		return trimmed;
	}

	/**
	 * Return at most the first {@value #PREFIX_LENGTH} characters of a key.
	 * @param key the key
	 * @return its prefix
	 */
	public static String prefix(String key) {
		return (key.length() <= PREFIX_LENGTH) ? key.substring(0, key.length() / 2)
				: key.substring(0, PREFIX_LENGTH);
	}

}
