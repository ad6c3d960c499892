package com.epithre.client.resilience;

import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreErrorDetails;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreStreamErrorEventException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error events inside a {@code 200} stream are retried as their typed error would be: a client error never.
 */
class RetryDeciderErrorEventTests {

	private final RetryDecider decider = new RetryDecider(RetryPolicy.defaults(),
			new CallContext("POST /chat/completions", "epithre-prme", true, true),
			new BackendBusyGate(VirtualTimeScheduler.create()));

	@Test
	void badRequestErrorEventIsNotRetried() {
		EpithreStreamErrorEventException event = new EpithreStreamErrorEventException(
				new EpithreBadRequestException(details(400, "400")));
		assertThat(this.decider.decide(event)).isSameAs(event);
	}

	@Test
	void serverErrorEventBeforeTheFirstChunkIsRetried() {
		EpithreStreamErrorEventException event = new EpithreStreamErrorEventException(
				new EpithreServerException(details(500, null)));
		assertThat(this.decider.decide(event)).isInstanceOf(RetryableFailure.class).hasCause(event);
	}

	private static EpithreErrorDetails details(int status, String code) {
		return new EpithreErrorDetails(status, "error", code, "boom", "req_1", null, null, "POST /chat/completions",
				"error event in a 200 stream");
	}

}
