package com.epithre.test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A request received by a {@link FakeEpithreServer}, as it arrived on the wire.
 *
 * <p>
 * Header names are case-insensitive. The body is the raw request body; {@link #jsonBody()} parses it on each call.
 *
 * @since 0.1.0
 */
public final class RecordedRequest {

	private static final String BEARER_PREFIX = "Bearer ";

	private final String method;

	private final String path;

	private final @Nullable String query;

	private final Map<String, List<String>> headers;

	private final byte[] body;

	private final String requestId;

	RecordedRequest(String method, String uri, Map<String, List<String>> headers, byte[] body, String requestId) {
		int queryStart = uri.indexOf('?');
		this.method = method;
		this.path = (queryStart < 0) ? uri : uri.substring(0, queryStart);
		this.query = (queryStart < 0) ? null : uri.substring(queryStart + 1);
		TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> copy.computeIfAbsent(name, (key) -> new ArrayList<>()).addAll(values));
		copy.replaceAll((name, values) -> List.copyOf(values));
		this.headers = Collections.unmodifiableMap(copy);
		this.body = body.clone();
		this.requestId = requestId;
	}

	/**
	 * Return the HTTP method, such as {@code POST}.
	 * @return the method
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Return the request path without the query string, such as {@code /v1/chat/completions}.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Return the raw query string without the leading {@code ?}, or {@code null} when the URI had none.
	 * @return the query or {@code null}
	 */
	public @Nullable String query() {
		return this.query;
	}

	/**
	 * Return all headers, keyed case-insensitively.
	 * @return an unmodifiable map of header names to their values in arrival order
	 */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/**
	 * Return the first value of a header, or {@code null} when absent.
	 * @param name the header name, in any case
	 * @return the first value or {@code null}
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * Return all values of a header.
	 * @param name the header name, in any case
	 * @return the values, empty when absent
	 */
	public List<String> headers(String name) {
		return this.headers.getOrDefault(name, List.of());
	}

	/**
	 * Return a copy of the raw body.
	 * @return the body bytes, empty when the request had none
	 */
	public byte[] body() {
		return this.body.clone();
	}

	/**
	 * Return the body decoded as UTF-8.
	 * @return the body text
	 */
	public String bodyAsString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/**
	 * Parse the body as a JSON object into maps, lists, strings, numbers and booleans.
	 * @return the parsed object, or an empty map when the body is not a JSON object
	 */
	public Map<String, Object> jsonBody() {
		return Json.readMap(this.body);
	}

	/**
	 * Return the token of an {@code Authorization: Bearer <token>} header, exactly as sent.
	 * @return the API key or {@code null} when the header is absent or lacks the {@code Bearer } prefix
	 */
	public @Nullable String apiKey() {
		String authorization = header("Authorization");
		if (authorization == null || !authorization.startsWith(BEARER_PREFIX)) {
			return null;
		}
		return authorization.substring(BEARER_PREFIX.length());
	}

	/**
	 * Return the {@code X-Request-ID} the server sent with its response to this request.
	 * @return the request id
	 */
	public String requestId() {
		return this.requestId;
	}

	byte[] rawBody() {
		return this.body;
	}

	@Override
	public String toString() {
		return this.method + " " + this.path + ((this.query != null) ? "?" + this.query : "") + " (" + this.body.length
				+ " bytes, " + this.requestId + ")";
	}

}
