package com.epithre.boot.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import com.epithre.client.config.ApiKeys;

/**
 * Start-up checks of {@code epithre.*} values: each failure is an {@link EpithreConfigurationException} naming the
 * property and the fix, each warning is logged once per check and names the property. Never shows more of an API key
 * than its first 12 characters.
 */
final class EpithrePropertyChecks {

	private static final Log logger = LogFactory.getLog(EpithrePropertyChecks.class);

	/** A placeholder left as it was because nothing resolved it: {@code ${NAME}} or {@code ${NAME:default}}. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)[^}]*}");

	private EpithrePropertyChecks() {
	}

	/**
	 * Check {@code epithre.api-key}: fail on an unresolved placeholder, a {@code Bearer } prefix or whitespace inside;
	 * warn about surrounding whitespace and an unknown prefix.
	 * @param key the configured key
	 * @return the key without surrounding whitespace, or {@code null} when none is configured
	 */
	static @Nullable String apiKey(String property, @Nullable String key) {
		if (key == null || key.isBlank()) {
			return null;
		}
		unresolvedPlaceholder(property, key);
		String trimmed = key.strip();
		if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new EpithreConfigurationException(property,
					property + " starts with 'Bearer '. The client adds that prefix to the Authorization header itself, "
							+ "so the key would be sent as 'Bearer Bearer ...' and refused.",
					"Remove 'Bearer ' from " + property + ": set it to the key alone, which starts with esk_live_ or "
							+ "esk_test_.");
		}
		for (int i = 0; i < trimmed.length(); i++) {
			if (Character.isWhitespace(trimmed.charAt(i))) {
				throw new EpithreConfigurationException(property, property + " (" + ApiKeys.prefix(trimmed)
						+ "...) has whitespace inside it, at character " + (i + 1) + ". Epithre keys never contain "
						+ "whitespace, so the key was damaged when it was copied and would be refused.",
						"Copy the key again from the Epithre dashboard, in one piece without spaces or line breaks, "
								+ "and set it as " + property + ".");
			}
		}
		if (!trimmed.equals(key)) {
			logger.warn(property + " (" + ApiKeys.prefix(trimmed) + "...) has leading or trailing whitespace, often a "
					+ "trailing newline from a secret file or shell quoting; it was trimmed");
		}
		if (!ApiKeys.hasKnownPrefix(trimmed) && ApiKeys.firstPrefixWarning(trimmed)) {
			logger.warn(property + " (" + ApiKeys.prefix(trimmed) + "...) does not start with esk_live_ or esk_test_, "
					+ "as Epithre keys do; using it anyway. If requests fail with 401, check which key is configured");
		}
		return trimmed;
	}

	/**
	 * Check {@code epithre.base-url}: fail unless it is an absolute http or https URL with a host; warn once when its
	 * path does not end with {@code /v1}.
	 * @param property the property, such as {@code epithre.base-url}
	 * @param baseUrl the configured base URL
	 */
	static void baseUrl(String property, String baseUrl) {
		String example = "Set " + property + " to an absolute URL with the /v1 path, such as https://api.epithre.com/v1"
				+ ", or remove it to use that default.";
		if (baseUrl == null || baseUrl.isBlank()) {
			throw new EpithreConfigurationException(property, property + " is empty.", example);
		}
		unresolvedPlaceholder(property, baseUrl);
		URI uri;
		try {
			uri = new URI(baseUrl.strip());
		}
		catch (URISyntaxException ex) {
			throw new EpithreConfigurationException(property,
					property + " '" + baseUrl + "' is not a valid URL: " + ex.getReason() + ".", example);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.isOpaque()) {
			throw new EpithreConfigurationException(property, property + " '" + baseUrl
					+ "' does not start with http:// or https://, so no request could be sent.", example);
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new EpithreConfigurationException(property,
					property + " '" + baseUrl + "' has no host, so no request could be sent.", example);
		}
		String path = (uri.getPath() != null) ? uri.getPath() : "";
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		if (!path.endsWith("/v1")) {
			logger.warn(property + " '" + baseUrl + "' has the path '" + path + "', not /v1: the client appends "
					+ "paths such as /chat/completions to it, so requests go to " + baseUrl.strip()
					+ "/chat/completions. Epithre serves its API under /v1, e.g. https://api.epithre.com/v1");
		}
	}

	/**
	 * Fail when a value still holds a {@code ${...}} placeholder that nothing resolved.
	 * @param property the property
	 * @param value its value
	 */
	static void unresolvedPlaceholder(String property, String value) {
		Matcher matcher = PLACEHOLDER.matcher(value);
		if (matcher.find()) {
			String variable = matcher.group(1).strip();
			throw new EpithreConfigurationException(property, property + " is set to the placeholder ${" + variable
					+ "}, but " + variable + " is not set, so the placeholder was not resolved.",
					"Set the environment variable " + variable + " (or a property of that name) before starting the "
							+ "application, or give the placeholder a default, such as ${" + variable + ":}.");
		}
	}

	static void atLeast(String property, long value, long min) {
		if (value < min) {
			throw invalid(property, value, "at least " + min);
		}
	}

	static void between(String property, double value, double min, double max) {
		if (!(value >= min && value <= max)) {
			throw invalid(property, value, "between " + min + " and " + max);
		}
	}

	static void notNegative(String property, Duration value) {
		if (value.isNegative()) {
			throw invalid(property, value, "zero or longer");
		}
	}

	static void positive(String property, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw invalid(property, value, "longer than zero");
		}
	}

	static void atLeast(String property, Duration value, Duration min) {
		if (value.compareTo(min) < 0) {
			throw invalid(property, value, "at least " + show(min));
		}
	}

	static void between(String property, DataSize value, long minBytes, long maxBytes) {
		if (value.toBytes() < minBytes || value.toBytes() > maxBytes) {
			throw invalid(property, value,
					"between " + minBytes + " byte" + ((minBytes != 1) ? "s" : "") + " and " + maxBytes + " bytes");
		}
	}

	static void notEmpty(String property, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new EpithreConfigurationException(property, property + " must not be empty.",
					"Set " + property + " to a value, or remove it to use the default.");
		}
	}

	/**
	 * Check the two ends of a back-off window.
	 * @param prefix the common part of the two property names, such as {@code epithre.retry.rate-limit}
	 * @param min the shortest wait
	 * @param max the longest wait
	 */
	static void window(String prefix, Duration min, Duration max) {
		notNegative(prefix + "-min", min);
		if (max.compareTo(min) < 0) {
			throw new EpithreConfigurationException(prefix + "-max", prefix + "-max (" + show(max)
					+ ") is shorter than " + prefix + "-min (" + show(min) + ").",
					"Set " + prefix + "-max to at least " + prefix + "-min, or remove both to use the defaults.");
		}
	}

	private static EpithreConfigurationException invalid(String property, Object value, String requirement) {
		return new EpithreConfigurationException(property,
				property + " must be " + requirement + ", but it is " + show(value) + ".",
				"Set " + property + " to a value " + requirement + ", or remove it to use the default.");
	}

	/**
	 * Show a value as it is written in properties: durations as {@code 500ms} or {@code 30s}, sizes in bytes.
	 */
	private static String show(Object value) {
		if (value instanceof Duration duration) {
			return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
		}
		if (value instanceof DataSize size) {
			return size.toBytes() + " bytes";
		}
		return String.valueOf(value);
	}

}
