package com.epithre.client.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

	/**
	 * Hashes of the keys already warned about for their prefix: settings are copied on every {@code withX} call and
	 * each copy checks the trimmed key again, so without this one unknown prefix warned once per copy.
	 */
	private static final Set<Integer> warned = ConcurrentHashMap.newKeySet();

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
		if (!hasKnownPrefix(trimmed) && firstPrefixWarning(trimmed)) {
			logger.warn("Epithre API key " + prefix(trimmed)
					+ "... does not start with esk_live_ or esk_test_; using it anyway");
		}
		return trimmed;
	}

	/**
	 * Return whether a key starts with {@code esk_live_} or {@code esk_test_}.
	 * @param key the trimmed key
	 * @return whether its prefix is one Epithre issues
	 */
	public static boolean hasKnownPrefix(String key) {
		return key.startsWith("esk_live_") || key.startsWith("esk_test_");
	}

	/**
	 * Record that the unknown-prefix warning about a key is being given, so that it is given once per key rather than
	 * once per settings copy; a caller that warns in its own words (naming a property) calls this first.
	 * @param key the trimmed key
	 * @return {@code true} the first time for this key
	 */
	public static boolean firstPrefixWarning(String key) {
		return warned.add(key.hashCode());
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
