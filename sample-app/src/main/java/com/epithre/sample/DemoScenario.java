package com.epithre.sample;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.epithre.test.FakeResponse;

/**
 * Failures the demo page can ask the embedded fake server to stage, so a newcomer sees how errors look.
 */
enum DemoScenario {

	/** A normal streamed reply. */
	NONE(null),

	/** 401: the key was rejected (e.g. a trailing newline in EPITHRE_API_KEY). */
	BAD_KEY(FakeResponse.authenticationError()),

	/** 429 rpd_exceeded: the daily quota is used up; never retried. */
	DAILY_QUOTA(FakeResponse.rateLimited("rpd_exceeded")),

	/** 429 rpm_exceeded once: the client backs off 1-2 s and the retry succeeds. */
	RATE_LIMITED_ONCE(FakeResponse.rateLimited("rpm_exceeded")),

	/** backend_busy as an error event after three tokens: delivered tokens stay, the stream is not re-run. */
	BUSY_MID_STREAM(FakeResponse
		.chatStream("Halo! This answer will be cut off by the shared pool running full in the middle of it.")
		.withErrorEventAfter(4, "rate_limit_error", "backend_busy", "The shared inference pool is full"));

	private final @Nullable FakeResponse response;

	DemoScenario(@Nullable FakeResponse response) {
		this.response = response;
	}

	@Nullable FakeResponse response() {
		return this.response;
	}

	static DemoScenario of(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return NONE;
		}
		return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
	}

}
