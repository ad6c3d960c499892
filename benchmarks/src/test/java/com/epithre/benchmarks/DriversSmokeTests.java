package com.epithre.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.config.RetryPolicy;
import com.epithre.test.FakeEpithreServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seconds-long runs of the stand-alone drivers and of every JMH benchmark method, so that none of them rots: each run
 * is tiny, and what is asserted is that it ran to the end and measured something, never a figure.
 */
class DriversSmokeTests {

	@Test
	@Timeout(60)
	void fanOutDriverCompletesEveryStreamThroughEitherPool() {
		try (FakeEpithreServer server = new FakeEpithreServer().start()) {
			for (FanOutDriver.Scenario scenario : FanOutDriver.Scenario.values()) {
				FanOutDriver.Result result = FanOutDriver.run(server, scenario, 8, "satu dua tiga", Duration.ofMillis(5));
				assertThat(result.firstError()).as(scenario.name()).isNull();
				assertThat(result.ok()).as(scenario.name()).isEqualTo(8);
				assertThat(result.ttft()).as(scenario.name()).hasSize(8);
				assertThat(Arrays.stream(result.ttft()).min().orElse(0)).as(scenario.name()).isPositive();
				assertThat(result.row()).contains(" 8 ");
			}
		}
	}

	@Test
	@Timeout(60)
	void stormDriverKeepsTheStarterUnderTheServersCap() {
		try (FakeEpithreServer server = new FakeEpithreServer().start()) {
			StormDriver.slowCalls(server);
			StormDriver.Row starter = StormDriver.run(server, "starter", ConcurrencyPolicy.defaults(),
					RetryPolicy.defaults());
			assertThat(starter.successes()).isEqualTo(StormDriver.CALLS);
			assertThat(starter.rateLimited()).isZero();
			assertThat(starter.requests()).isEqualTo(StormDriver.CALLS);
			// without the limiter the same storm meets the cap, which is what the driver is there to show
			StormDriver.Row unlimited = StormDriver.run(server, "no limiter, no retry",
					ConcurrencyPolicy.defaults().withMaxInFlight(1000), RetryPolicy.disabled());
			assertThat(unlimited.rateLimited()).isPositive();
		}
	}

	@Test
	@Timeout(120)
	void everyJmhBenchmarkRunsOnce() throws Exception {
		Collection<RunResult> results = new Runner(new OptionsBuilder()
			.include(SseDecodingBenchmark.class.getName())
			.include(ChatCompletionAccumulatorBenchmark.class.getName())
			.forks(0)
			.warmupIterations(0)
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(100))
			.shouldFailOnError(true)
			.build()).run();
		assertThat(results).extracting((result) -> result.getParams().getBenchmark())
			.anyMatch((name) -> name.startsWith(SseDecodingBenchmark.class.getName()))
			.anyMatch((name) -> name.startsWith(ChatCompletionAccumulatorBenchmark.class.getName()));
		assertThat(results).allSatisfy((result) -> assertThat(result.getPrimaryResult().getScore())
			.as(result.getParams().getBenchmark()).isPositive());
	}

}
