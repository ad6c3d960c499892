package com.epithre.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One scripted response of a {@link FakeEpithreServer}: an immutable value built by static factories and
 * {@code withX} methods.
 *
 * <p>
 * Plain responses come from {@link #json(int, String)}, {@link #error(int, String, String, String)} and the error
 * catalogue of docs/epithre-api.md, errors: one helper per kind, such as {@link #rpmExceeded()},
 * {@link #rpdExceeded()}, {@link #concurrencyExceeded()}, {@link #backendBusy()} (each also with a {@code Retry-After}
 * {@link Duration}), {@link #serverError()}, {@link #backendUnavailable()} or {@link #authenticationError()}; or
 * {@link #html(int, String)} for a proxy's page. Streams come from {@link #sse(String...)},
 * {@link #chatStream(String)} and {@link #rawStream(String...)}; each event or segment is written and flushed on its
 * own, and the stream modifiers ({@link #withChunkDelay(Duration)}, {@link #withResetAfter(int)},
 * {@link #withErrorEventAfter(int, FakeResponse)} to send any of those errors mid-stream,
 * {@link #withMalformedChunkAt(int)}, {@link #withoutDone()}) script the failures a client must survive. Stream
 * modifiers throw {@link IllegalStateException} on responses that are not streams.
 *
 * <p>
 * Every response carries a fresh {@code X-Request-ID} unless {@link #withoutRequestId()} is used. Headers added with
 * {@link #withHeader(String, String)} replace headers of the same name, defaults included.
 *
 * @since 0.1.0
 */
public final class FakeResponse {

	private static final String JSON = "application/json";

	private static final String EVENT_STREAM = "text/event-stream";

	private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

	private final State state;

	private FakeResponse(State state) {
		this.state = state;
	}

	/**
	 * Create a JSON response with the given status and body, sent verbatim.
	 * @param status the HTTP status
	 * @param body the JSON text (not validated, so it may be broken on purpose)
	 * @return the response
	 */
	public static FakeResponse json(int status, String body) {
		return body(status, JSON, body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Create an error response with the envelope of docs/epithre-api.md, errors:
	 * {@code {"error":{"message":..,"type":..,"code":..}}}.
	 * @param status the HTTP status
	 * @param type the error type, such as {@code rate_limit_error}
	 * @param code the error code, such as {@code rpm_exceeded}
	 * @param message the human-readable message
	 * @return the response
	 */
	public static FakeResponse error(int status, String type, String code, String message) {
		return json(status, errorEnvelope(type, code, message));
	}

	/**
	 * Create an HTML response, such as the 502 page of a proxy in front of the API.
	 * @param status the HTTP status
	 * @param html the page
	 * @return the response
	 */
	public static FakeResponse html(int status, String html) {
		return body(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Create a "response" that closes the connection without writing anything.
	 * @return the response
	 */
	public static FakeResponse dropConnection() {
		State state = new State(Kind.DROP, 0);
		return new FakeResponse(state);
	}

	/**
	 * Create the 400 {@code model_not_found} error.
	 * @param model the unknown model id, named in the message
	 * @return the response
	 */
	public static FakeResponse modelNotFound(String model) {
		return error(400, "invalid_request_error", "model_not_found", "The model '" + model + "' does not exist");
	}

	/**
	 * Create the 401 {@code authentication_error}.
	 * @return the response
	 */
	public static FakeResponse authenticationError() {
		return error(401, "authentication_error", "authentication_error", "Invalid or missing API key");
	}

	/**
	 * Create the 402 {@code insufficient_quota} error of an account with a balance of Rp0.
	 * @return the response
	 */
	public static FakeResponse insufficientQuota() {
		return error(402, "insufficient_quota", "insufficient_quota", "Insufficient balance; please top up");
	}

	/**
	 * Create the 402 {@code monthly_cap_exceeded} error; docs/epithre-api.md, known gaps (monthly cap) says it may
	 * also arrive as a 429, which
	 * {@link #error(int, String, String, String)} can script.
	 * @return the response
	 */
	public static FakeResponse monthlyCapExceeded() {
		return error(402, "insufficient_quota", "monthly_cap_exceeded", "This API key reached its monthly spend cap");
	}

	/**
	 * Create a 403 {@code permission_error} with the given code, such as {@code account_suspended}.
	 * @param code the error code
	 * @return the response
	 */
	public static FakeResponse permissionError(String code) {
		return error(403, "permission_error", code, "Permission denied (" + code + ")");
	}

	/**
	 * Create a 404 with the error envelope (its shape is assumed: docs/epithre-api.md, errors does not document it).
	 * @param message the message
	 * @return the response
	 */
	public static FakeResponse notFound(String message) {
		return error(404, "invalid_request_error", "not_found", message);
	}

	/**
	 * Create the 413 {@code request_too_large} error.
	 * @return the response
	 */
	public static FakeResponse requestTooLarge() {
		return error(413, "request_too_large", "request_too_large", "Request body exceeds the 1 MB limit");
	}

	/**
	 * Create a 422 strict validation error.
	 * @param message the message naming the violated constraint
	 * @return the response
	 */
	public static FakeResponse unprocessable(String message) {
		return error(422, "invalid_request_error", "invalid_request_error", message);
	}

	/**
	 * Create a 429 {@code rate_limit_error} with the given code: {@code rpm_exceeded}, {@code rpd_exceeded},
	 * {@code concurrency_exceeded}, {@code backend_busy} or any other.
	 * @param code the error code
	 * @return the response
	 */
	public static FakeResponse rateLimited(String code) {
		String message = switch (code) {
			case "rpm_exceeded" -> "Rate limit exceeded: too many requests per minute for this API key";
			case "rpd_exceeded" -> "Daily request limit reached for this API key; it resets at 00:00 UTC";
			case "concurrency_exceeded" -> "Too many concurrent requests for this API key";
			case "backend_busy" -> "All inference backends are busy; please retry shortly";
			default -> "Rate limit exceeded (" + code + ")";
		};
		return error(429, "rate_limit_error", code, message);
	}

	/**
	 * Create the 429 {@code backend_busy} error of a full shared pool, without {@code Retry-After}.
	 * @return the response
	 */
	public static FakeResponse backendBusy() {
		return rateLimited("backend_busy");
	}

	/**
	 * Create the 429 {@code backend_busy} error with a {@code Retry-After} header.
	 * @param retryAfter the wait to advertise, sent in whole seconds (rounded up)
	 * @return the response
	 */
	public static FakeResponse backendBusy(Duration retryAfter) {
		return backendBusy().withRetryAfter(retryAfter);
	}

	/**
	 * Create the 429 {@code concurrency_exceeded} error of a key over its in-flight cap, without {@code Retry-After}.
	 * @return the response
	 */
	public static FakeResponse concurrencyExceeded() {
		return rateLimited("concurrency_exceeded");
	}

	/**
	 * Create the 429 {@code concurrency_exceeded} error with a {@code Retry-After} header.
	 * @param retryAfter the wait to advertise, sent in whole seconds (rounded up)
	 * @return the response
	 */
	public static FakeResponse concurrencyExceeded(Duration retryAfter) {
		return concurrencyExceeded().withRetryAfter(retryAfter);
	}

	/**
	 * Create the 429 {@code rpm_exceeded} error of a key over its requests per minute, without {@code Retry-After}.
	 * @return the response
	 */
	public static FakeResponse rpmExceeded() {
		return rateLimited("rpm_exceeded");
	}

	/**
	 * Create the 429 {@code rpm_exceeded} error with a {@code Retry-After} header.
	 * @param retryAfter the wait to advertise, sent in whole seconds (rounded up)
	 * @return the response
	 */
	public static FakeResponse rpmExceeded(Duration retryAfter) {
		return rpmExceeded().withRetryAfter(retryAfter);
	}

	/**
	 * Create the 429 {@code rpd_exceeded} error of a key over its requests per day, without {@code Retry-After}.
	 * @return the response
	 */
	public static FakeResponse rpdExceeded() {
		return rateLimited("rpd_exceeded");
	}

	/**
	 * Create the 429 {@code rpd_exceeded} error with a {@code Retry-After} header, such as the time left until
	 * 00:00 UTC.
	 * @param retryAfter the wait to advertise, sent in whole seconds (rounded up)
	 * @return the response
	 */
	public static FakeResponse rpdExceeded(Duration retryAfter) {
		return rpdExceeded().withRetryAfter(retryAfter);
	}

	/**
	 * Create the 500 {@code backend_error} of an internal failure.
	 * @return the response
	 */
	public static FakeResponse serverError() {
		return backendError(500);
	}

	/**
	 * Create the 502 {@code backend_error} of an inference backend that answered with a 5xx.
	 * @return the response
	 */
	public static FakeResponse badGateway() {
		return backendError(502);
	}

	/**
	 * Create the 503 {@code backend_unavailable} error of a backend that cannot be reached, without
	 * {@code Retry-After}.
	 * @return the response
	 */
	public static FakeResponse backendUnavailable() {
		return backendError(503);
	}

	/**
	 * Create the 503 {@code backend_unavailable} error with a {@code Retry-After} header, as during maintenance.
	 * @param retryAfter the wait to advertise, sent in whole seconds (rounded up)
	 * @return the response
	 */
	public static FakeResponse backendUnavailable(Duration retryAfter) {
		return backendUnavailable().withRetryAfter(retryAfter);
	}

	/**
	 * Create the 504 {@code backend_timeout} error of a slow or hung backend.
	 * @return the response
	 */
	public static FakeResponse backendTimeout() {
		return backendError(504);
	}

	/**
	 * Create the server error of docs/epithre-api.md, errors for a 5xx status: {@code backend_unavailable} for 503,
	 * {@code backend_timeout} for 504, {@code backend_error} otherwise.
	 * @param status the HTTP status, 500 to 599
	 * @return the response
	 */
	public static FakeResponse backendError(int status) {
		if (status < 500 || status > 599) {
			throw new IllegalArgumentException("backendError needs a 5xx status, got " + status);
		}
		return switch (status) {
			case 503 -> error(503, "backend_unavailable", "backend_unavailable", "Inference backend unavailable");
			case 504 -> error(504, "backend_timeout", "backend_timeout", "Inference backend timed out");
			default -> error(status, "backend_error", "backend_error", "Inference backend error");
		};
	}

	/**
	 * Create a non-streaming chat completion with the given assistant text (docs/epithre-api.md, chat); model and usage
	 * follow the request.
	 * @param reply the assistant text
	 * @return the response
	 */
	public static FakeResponse chatCompletion(String reply) {
		State state = new State(Kind.CHAT, 200);
		state.reply = reply;
		return new FakeResponse(state);
	}

	/**
	 * Create a non-streaming chat completion holding one tool call (docs/epithre-api.md, tool calling).
	 * @param name the function name
	 * @param arguments the arguments JSON string, sent as is (it may be invalid on purpose)
	 * @return the response
	 */
	public static FakeResponse toolCallCompletion(String name, String arguments) {
		State state = new State(Kind.CHAT, 200);
		state.toolCall = new ChatRequest.ToolCall(name, arguments);
		return new FakeResponse(state);
	}

	/**
	 * Create a stream whose events carry the given data, each as {@code data: <payload>\n\n}, followed by
	 * {@code data: [DONE]} unless {@link #withoutDone()} is used.
	 * @param dataPayloads the event data, usually chunk JSON
	 * @return the response
	 */
	public static FakeResponse sse(String... dataPayloads) {
		State state = new State(Kind.SSE, 200);
		state.events = List.of(dataPayloads);
		return new FakeResponse(state);
	}

	/**
	 * Create the documented chat stream of docs/epithre-api.md, streaming for the given text: role chunk, one chunk
	 * per word token,
	 * the {@code finish_reason} chunk, the usage chunk when the request asked for it, and {@code [DONE]}. Without
	 * {@link #withChunkDelay(Duration)} the server's {@link FakeEpithreServer#streamChunkDelay(Duration)} paces it.
	 * @param reply the assistant text
	 * @return the response
	 */
	public static FakeResponse chatStream(String reply) {
		State state = new State(Kind.CHAT, 200);
		state.reply = reply;
		state.stream = true;
		return new FakeResponse(state);
	}

	/**
	 * Create a chat stream that answers with one tool call, sent as {@code delta.tool_calls[]} fragments.
	 * @param name the function name
	 * @param arguments the arguments JSON string, split into pieces across events
	 * @return the response
	 */
	public static FakeResponse toolCallStream(String name, String arguments) {
		State state = new State(Kind.CHAT, 200);
		state.toolCall = new ChatRequest.ToolCall(name, arguments);
		state.stream = true;
		return new FakeResponse(state);
	}

	/**
	 * Create a {@code text/event-stream} response whose segments are written verbatim, each flushed on its own.
	 * @param segments the raw bytes of each write
	 * @return the response
	 */
	public static FakeResponse rawStream(byte[]... segments) {
		State state = new State(Kind.RAW, 200);
		List<byte[]> copies = new ArrayList<>();
		for (byte[] segment : segments) {
			copies.add(segment.clone());
		}
		state.segments = List.copyOf(copies);
		return new FakeResponse(state);
	}

	/**
	 * Create a {@code text/event-stream} response whose UTF-8 segments are written verbatim, each flushed on its own,
	 * so a test can send CRLF line ends, comments, multi-line data or an event split across writes.
	 * @param segments the text of each write
	 * @return the response
	 */
	public static FakeResponse rawStream(String... segments) {
		return rawStream(Arrays.stream(segments).map((s) -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new));
	}

	/**
	 * Return a copy with the given header, replacing any header of the same name.
	 * @param name the header name
	 * @param value the header value
	 * @return the new response
	 */
	public FakeResponse withHeader(String name, String value) {
		State copy = this.state.copy();
		copy.headers.keySet().removeIf(name::equalsIgnoreCase);
		copy.headers.put(name, value);
		return new FakeResponse(copy);
	}

	/**
	 * Return a copy with a {@code Retry-After} header.
	 * @param value the header value, in seconds or as an HTTP date
	 * @return the new response
	 */
	public FakeResponse withRetryAfter(String value) {
		return withHeader("Retry-After", value);
	}

	/**
	 * Return a copy with a {@code Retry-After} header in whole seconds.
	 * @param retryAfter the wait, rounded up to whole seconds; not negative
	 * @return the new response
	 */
	public FakeResponse withRetryAfter(Duration retryAfter) {
		Duration wait = nonNegative(retryAfter);
		long seconds = wait.toSeconds() + ((wait.toNanosPart() > 0) ? 1 : 0);
		return withRetryAfter(Long.toString(seconds));
	}

	/**
	 * Return a copy without the {@code X-Request-ID} header, which clients must tolerate (docs/epithre-api.md, limits
	 * and timeouts).
	 * @return the new response
	 */
	public FakeResponse withoutRequestId() {
		State copy = this.state.copy();
		copy.requestId = false;
		return new FakeResponse(copy);
	}

	/**
	 * Return a copy that writes nothing, not even the status line, until the delay has passed.
	 * @param delay the delay before the first byte
	 * @return the new response
	 */
	public FakeResponse withFirstByteDelay(Duration delay) {
		State copy = this.state.copy();
		copy.firstByteDelay = nonNegative(delay);
		return new FakeResponse(copy);
	}

	/**
	 * Return a copy that waits the given time between two events or segments of a stream.
	 * @param delay the pause between writes
	 * @return the new response
	 */
	public FakeResponse withChunkDelay(Duration delay) {
		requireStream("withChunkDelay");
		State copy = this.state.copy();
		copy.chunkDelay = nonNegative(delay);
		return new FakeResponse(copy);
	}

	/**
	 * Return a copy of a stream that writes the given number of events or segments at a time, as one chunk of the
	 * body flushed at once, instead of each on its own: as from a server, or a proxy, that buffers its output. The
	 * chunk delay then applies between these writes; a reset still counts events.
	 * @param events how many events or segments make one write, at least 1
	 * @return the new response
	 */
	public FakeResponse withEventsPerWrite(int events) {
		requireStream("withEventsPerWrite");
		if (events < 1) {
			throw new IllegalArgumentException("events must be at least 1, got " + events);
		}
		State copy = this.state.copy();
		copy.eventsPerWrite = events;
		return new FakeResponse(copy);
	}

	/**
	 * Return a copy of an event stream that ends without {@code data: [DONE]} (a truncated stream).
	 * @return the new response
	 */
	public FakeResponse withoutDone() {
		requireEvents("withoutDone");
		State copy = this.state.copy();
		copy.done = false;
		return new FakeResponse(copy);
	}

	/**
	 * Return a copy of a stream that closes the connection abruptly after the given number of events or segments:
	 * no {@code [DONE]} and no end of the chunked HTTP body.
	 * @param events how many events (or raw segments) to write first, possibly 0
	 * @return the new response
	 */
	public FakeResponse withResetAfter(int events) {
		requireStream("withResetAfter");
		State copy = this.state.copy();
		copy.resetAfter = nonNegative(events);
		return new FakeResponse(copy);
	}

	/**
	 * Return a copy of a stream that, after the given number of events or segments, sends an in-stream error event
	 * {@code data: {"error":{...}}} (docs/epithre-api.md, streaming) and ends without {@code [DONE]}.
	 * @param events how many events (or raw segments) to write first, possibly 0
	 * @param type the error type
	 * @param code the error code
	 * @param message the message
	 * @return the new response
	 */
	public FakeResponse withErrorEventAfter(int events, String type, String code, String message) {
		requireStream("withErrorEventAfter");
		State copy = this.state.copy();
		copy.errorEventAfter = nonNegative(events);
		copy.errorEvent = errorEnvelope(type, code, message);
		return new FakeResponse(copy);
	}

	/**
	 * Return a copy of a stream that, after the given number of events or segments, sends the envelope of an error
	 * response as an in-stream error event and ends without {@code [DONE]}: for example
	 * {@code chatStream("Hello there").withErrorEventAfter(2, FakeResponse.backendBusy())} scripts a
	 * {@code backend_busy} in the middle of a reply. The error's status and headers, {@code Retry-After} included,
	 * are not sent: the stream's 200 and headers already were.
	 * @param events how many events (or raw segments) to write first, possibly 0
	 * @param error an error response built by {@link #error(int, String, String, String)} or one of the helpers such
	 * as {@link #backendBusy()}, {@link #concurrencyExceeded()} or {@link #serverError()}
	 * @return the new response
	 */
	public FakeResponse withErrorEventAfter(int events, FakeResponse error) {
		requireStream("withErrorEventAfter");
		State e = error.state;
		JsonNode envelope = (e.kind == Kind.BODY && e.status >= 400)
				? Json.readTree(e.body) : null;
		if (envelope == null || !envelope.path("error").isObject()) {
			throw new IllegalArgumentException("withErrorEventAfter needs an error response with the "
					+ "{\"error\":{...}} envelope, such as FakeResponse.backendBusy(), not " + error);
		}
		State copy = this.state.copy();
		copy.errorEventAfter = nonNegative(events);
		copy.errorEvent = new String(e.body, StandardCharsets.UTF_8);
		return new FakeResponse(copy);
	}

	/**
	 * Return a copy of an event stream whose event at the given index carries JSON cut off inside its first choice,
	 * as a proxy that mangles chunks would send.
	 * @param index the zero-based event index (for chat streams 0 is the role chunk)
	 * @return the new response
	 */
	public FakeResponse withMalformedChunkAt(int index) {
		requireEvents("withMalformedChunkAt");
		State copy = this.state.copy();
		copy.malformedAt = nonNegative(index);
		return new FakeResponse(copy);
	}

	/**
	 * Return a copy that only answers requests whose path starts with the given prefix, such as
	 * {@code /v1/chat/completions}. A queued response that does not match the next request stays queued and the
	 * request gets the default behaviour. Without this, a queued response answers any path.
	 * @param pathPrefix the path prefix, including {@code /v1}
	 * @return the new response
	 */
	public FakeResponse forPath(String pathPrefix) {
		State copy = this.state.copy();
		copy.pathPrefix = pathPrefix;
		return new FakeResponse(copy);
	}

	/**
	 * Return the HTTP status of this response, or 0 for {@link #dropConnection()}.
	 * @return the status
	 */
	public int status() {
		return this.state.status;
	}

	boolean matches(String path) {
		return this.state.pathPrefix == null || path.startsWith(this.state.pathPrefix);
	}

	ResponsePlan plan(RecordedRequest request, Duration defaultChatChunkDelay) {
		State s = this.state;
		if (s.kind == Kind.DROP) {
			return ResponsePlan.dropped(s.firstByteDelay);
		}
		ChatRequest chat = (s.kind == Kind.CHAT) ? ChatRequest.from(Json.readTree(request.rawBody())) : null;
		boolean streaming = s.kind == Kind.SSE || s.kind == Kind.RAW || (chat != null && s.stream);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", streaming ? EVENT_STREAM : (chat != null) ? JSON : s.contentType);
		if (s.requestId) {
			headers.put("X-Request-ID", request.requestId());
		}
		if (streaming) {
			// docs/epithre-api.md, streaming: the server asks proxies not to buffer streams
			headers.put("Cache-Control", "no-cache");
			headers.put("X-Accel-Buffering", "no");
		}
		s.headers.forEach((name, value) -> {
			headers.keySet().removeIf(name::equalsIgnoreCase);
			headers.put(name, value);
		});
		List<Map.Entry<String, String>> headerList = List.copyOf(headers.entrySet());
		if (!streaming) {
			byte[] body = (chat != null) ? ChatPayloads
				.completion(Ids.chatCompletion(), chat.model(), s.reply, s.toolCall, chat.promptTokens())
				.getBytes(StandardCharsets.UTF_8) : s.body;
			return new ResponsePlan(s.status, headerList, s.firstByteDelay, body, List.of(), Duration.ZERO, false,
					false, false);
		}
		List<byte[]> segments = new ArrayList<>();
		if (s.kind == Kind.RAW) {
			segments.addAll(s.segments);
		}
		else {
			List<String> events = (chat != null) ? ChatPayloads.chunks(Ids.chatCompletion(), s.reply, s.toolCall,
					chat.includeUsage(), chat.promptTokens()) : s.events;
			for (int i = 0; i < events.size(); i++) {
				segments.add(event((i == s.malformedAt) ? ChatPayloads.MALFORMED_CHUNK : events.get(i)));
			}
		}
		boolean terminated = false;
		if (s.errorEvent != null) {
			segments = new ArrayList<>(segments.subList(0, Math.min(s.errorEventAfter, segments.size())));
			segments.add(event(s.errorEvent));
			terminated = true;
		}
		boolean abort = s.resetAfter >= 0;
		if (abort) {
			segments = new ArrayList<>(segments.subList(0, Math.min(s.resetAfter, segments.size())));
		}
		else if (!terminated && s.done && s.kind != Kind.RAW) {
			segments.add(DONE);
		}
		Duration chunkDelay = (s.chunkDelay != null) ? s.chunkDelay
				: (s.kind == Kind.CHAT) ? defaultChatChunkDelay : Duration.ZERO;
		return new ResponsePlan(s.status, headerList, s.firstByteDelay, new byte[0],
				List.copyOf(grouped(segments, s.eventsPerWrite)), chunkDelay, true, abort, false);
	}

	private static List<byte[]> grouped(List<byte[]> segments, int perWrite) {
		if (perWrite == 1) {
			return segments;
		}
		List<byte[]> writes = new ArrayList<>();
		for (int from = 0; from < segments.size(); from += perWrite) {
			ByteArrayOutputStream write = new ByteArrayOutputStream();
			for (byte[] segment : segments.subList(from, Math.min(from + perWrite, segments.size()))) {
				write.writeBytes(segment);
			}
			writes.add(write.toByteArray());
		}
		return writes;
	}

	static String errorEnvelope(String type, String code, String message) {
		ObjectNode envelope = Json.object();
		envelope.putObject("error").put("message", message).put("type", type).put("code", code);
		return Json.write(envelope);
	}

	/** A body of raw bytes, such as a file's content, as {@code application/octet-stream}. */
	static FakeResponse binary(int status, byte[] body) {
		return body(status, "application/octet-stream", body);
	}

	private static FakeResponse body(int status, String contentType, byte[] body) {
		State state = new State(Kind.BODY, status);
		state.contentType = contentType;
		state.body = body;
		return new FakeResponse(state);
	}

	private static byte[] event(String data) {
		return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private void requireStream(String method) {
		Kind kind = this.state.kind;
		if (kind != Kind.SSE && kind != Kind.RAW && !(kind == Kind.CHAT && this.state.stream)) {
			throw new IllegalStateException(method + " applies to streams only, not to " + this);
		}
	}

	private void requireEvents(String method) {
		requireStream(method);
		if (this.state.kind == Kind.RAW) {
			throw new IllegalStateException(method + " applies to event streams, not to raw streams");
		}
	}

	private static Duration nonNegative(Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("Delay must not be negative: " + delay);
		}
		return delay;
	}

	private static int nonNegative(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("Count must not be negative: " + count);
		}
		return count;
	}

	@Override
	public String toString() {
		State s = this.state;
		String what = switch (s.kind) {
			case BODY -> s.status + " " + s.contentType;
			case SSE -> "SSE stream of " + s.events.size() + " events";
			case RAW -> "raw stream of " + s.segments.size() + " segments";
			case CHAT -> (s.stream ? "chat stream" : "chat completion")
					+ ((s.toolCall != null) ? " with tool call" : "");
			case DROP -> "dropped connection";
		};
		return "FakeResponse[" + what + ((s.pathPrefix != null) ? ", for " + s.pathPrefix : "") + "]";
	}

	private enum Kind {

		BODY, SSE, RAW, CHAT, DROP

	}

	/**
	 * Mutable settings, copied by every {@code withX} method and never changed once a response holds them.
	 */
	private static final class State {

		final Kind kind;

		final int status;

		String contentType = JSON;

		byte[] body = new byte[0];

		List<String> events = List.of();

		List<byte[]> segments = List.of();

		@Nullable String reply;

		ChatRequest.@Nullable ToolCall toolCall;

		boolean stream;

		Map<String, String> headers = new LinkedHashMap<>();

		boolean requestId = true;

		Duration firstByteDelay = Duration.ZERO;

		@Nullable Duration chunkDelay;

		int eventsPerWrite = 1;

		boolean done = true;

		int resetAfter = -1;

		int errorEventAfter;

		@Nullable String errorEvent;

		int malformedAt = -1;

		@Nullable String pathPrefix;

		State(Kind kind, int status) {
			if (kind != Kind.DROP && (status < 100 || status > 599)) {
				throw new IllegalArgumentException("HTTP status out of range: " + status);
			}
			this.kind = kind;
			this.status = status;
		}

		State copy() {
			State copy = new State(this.kind, this.status);
			copy.contentType = this.contentType;
			copy.body = this.body;
			copy.events = this.events;
			copy.segments = this.segments;
			copy.reply = this.reply;
			copy.toolCall = this.toolCall;
			copy.stream = this.stream;
			copy.headers = new LinkedHashMap<>(this.headers);
			copy.requestId = this.requestId;
			copy.firstByteDelay = this.firstByteDelay;
			copy.chunkDelay = this.chunkDelay;
			copy.eventsPerWrite = this.eventsPerWrite;
			copy.done = this.done;
			copy.resetAfter = this.resetAfter;
			copy.errorEventAfter = this.errorEventAfter;
			copy.errorEvent = this.errorEvent;
			copy.malformedAt = this.malformedAt;
			copy.pathPrefix = this.pathPrefix;
			return copy;
		}

	}

}
