package com.epithre.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The scripted behaviours of {@link FakeEpithreServerMain}, selected with {@code --scenario}; each applies to
 * {@code POST /v1/chat/completions} only, every other endpoint answers as usual.
 */
enum FakeServerScenario {

	/** Every call succeeds. */
	OK("every call succeeds (the default)"),

	/** Every call gets 429 {@code backend_busy} with {@code Retry-After: 2}. */
	BACKEND_BUSY("every chat call: 429 backend_busy, Retry-After: 2"),

	/** Every other call gets 429 {@code backend_busy}, the next one succeeds: a client that retries recovers. */
	FLAKY("every other chat call: 429 backend_busy (a retrying client recovers)"),

	/** Every call gets 429 {@code rpm_exceeded} with {@code Retry-After: 2}. */
	RATE_LIMITED("every chat call: 429 rpm_exceeded, Retry-After: 2"),

	/** Every call gets 429 {@code rpd_exceeded}. */
	DAILY_QUOTA("every chat call: 429 rpd_exceeded (the daily quota is spent)"),

	/** Every call gets 429 {@code concurrency_exceeded}. */
	CONCURRENCY_EXCEEDED("every chat call: 429 concurrency_exceeded"),

	/** Every call gets 500 {@code backend_error}. */
	SERVER_ERROR("every chat call: 500 backend_error"),

	/** Every call gets 503 {@code backend_unavailable} with {@code Retry-After: 30}. */
	UNAVAILABLE("every chat call: 503 backend_unavailable, Retry-After: 30"),

	/** Streams break after three events with an in-stream {@code backend_busy} error event. */
	MID_STREAM_ERROR("streams: an in-stream backend_busy error event after 3 events"),

	/** Streams end without {@code [DONE]}. */
	TRUNCATED("streams: end without [DONE] (a truncated stream)"),

	/** Every call waits 3 s before its first byte, and streams send a token every 250 ms. */
	SLOW("every chat call: 3 s before the first byte, then a token every 250 ms");

	private final String description;

	FakeServerScenario(String description) {
		this.description = description;
	}

	/**
	 * Return the flag value, such as {@code backend-busy}.
	 * @return the name used on the command line
	 */
	String flag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	String description() {
		return this.description;
	}

	/**
	 * Find the scenario of a flag value.
	 * @param flag the value of {@code --scenario}
	 * @return the scenario
	 * @throws IllegalArgumentException naming the known scenarios when the value is unknown
	 */
	static FakeServerScenario of(String flag) {
		for (FakeServerScenario scenario : values()) {
			if (scenario.flag().equals(flag)) {
				return scenario;
			}
		}
		throw new IllegalArgumentException("Unknown scenario '" + flag + "'; known: "
				+ Arrays.stream(values()).map(FakeServerScenario::flag).collect(Collectors.joining(", ")));
	}

	/**
	 * Return the dispatcher answering this scenario's chat calls, or {@code null} when the defaults do. A call the
	 * server would refuse with 401 is left to the server, so that {@code --api-key} holds in every scenario.
	 * @param reply the assistant text of successful calls
	 * @param requiredApiKey the only key accepted, or {@code null} for any
	 * @return the dispatcher
	 */
	@Nullable Dispatcher dispatcher(String reply, @Nullable String requiredApiKey) {
		if (this == OK) {
			return null;
		}
		AtomicLong calls = new AtomicLong();
		return Dispatcher.nonBlocking((request) -> {
			if (!"POST".equals(request.method()) || !request.path().startsWith("/v1/chat/completions")
					|| !authenticated(request.apiKey(), requiredApiKey)) {
				return null; // the server's own answer, a 401 for a request the scenario must not reach
			}
			boolean stream = ChatRequest.from(Json.readTree(request.rawBody())).stream();
			return switch (this) {
				case BACKEND_BUSY -> FakeResponse.backendBusy(Duration.ofSeconds(2));
				case FLAKY -> (calls.getAndIncrement() % 2 == 0) ? FakeResponse.backendBusy() : null;
				case RATE_LIMITED -> FakeResponse.rpmExceeded(Duration.ofSeconds(2));
				case DAILY_QUOTA -> FakeResponse.rpdExceeded();
				case CONCURRENCY_EXCEEDED -> FakeResponse.concurrencyExceeded();
				case SERVER_ERROR -> FakeResponse.serverError();
				case UNAVAILABLE -> FakeResponse.backendUnavailable(Duration.ofSeconds(30));
				case MID_STREAM_ERROR -> stream
						? FakeResponse.chatStream(reply).withErrorEventAfter(3, FakeResponse.backendBusy()) : null;
				case TRUNCATED -> stream ? FakeResponse.chatStream(reply).withoutDone() : null;
				case SLOW -> (stream ? FakeResponse.chatStream(reply).withChunkDelay(Duration.ofMillis(250))
						: FakeResponse.chatCompletion(reply)).withFirstByteDelay(Duration.ofSeconds(3));
				case OK -> null;
			};
		});
	}

	/** Whether the server would let a request with this key in: present, without whitespace, the required one. */
	private static boolean authenticated(@Nullable String apiKey, @Nullable String requiredApiKey) {
		return apiKey != null && !apiKey.isEmpty() && apiKey.chars().noneMatch(Character::isWhitespace)
				&& (requiredApiKey == null || requiredApiKey.equals(apiKey));
	}

}
