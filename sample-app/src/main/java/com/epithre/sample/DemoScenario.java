package com.epithre.sample;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import com.epithre.test.FakeResponse;

/**
 * Failures the demo page can ask the embedded fake server to stage, so a newcomer sees how errors look. Used only by
 * {@link DemoModeConfiguration}.
 */
enum DemoScenario {

	/** 401: the key was rejected (e.g. a trailing newline in EPITHRE_API_KEY). */
	BAD_KEY(FakeResponse.authenticationError()),

	/** 429 rpd_exceeded: the daily quota is used up; never retried. */
	DAILY_QUOTA(FakeResponse.rpdExceeded()),

	/** 429 rpm_exceeded once: the client backs off 1-2 s and the retry succeeds. */
	RATE_LIMITED_ONCE(FakeResponse.rpmExceeded()),

	/** backend_busy as an error event after a few words: delivered tokens stay, the stream is not re-run. */
	BUSY_MID_STREAM(FakeResponse
		.chatStream("This answer starts well, but the shared pool runs full in the middle of it.")
		.withErrorEventAfter(6, FakeResponse.backendBusy()));

	private final FakeResponse response;

	DemoScenario(FakeResponse response) {
		this.response = response;
	}

	FakeResponse response() {
		return this.response;
	}

	/**
	 * Find a scenario by its name on the page, such as {@code daily-quota}.
	 * @param name the name, or {@code null}
	 * @return the scenario, empty for none or an unknown name
	 */
	static Optional<DemoScenario> of(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return Optional.empty();
		}
		String constant = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
		return Arrays.stream(values()).filter((scenario) -> scenario.name().equals(constant)).findFirst();
	}

}
