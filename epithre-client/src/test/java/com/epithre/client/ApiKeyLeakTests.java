package com.epithre.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The API key never shows beyond its 12-character prefix (docs/epithre-api.md, authentication and request ids and bug
 * reports): not in the message, {@code toString}
 * or stack trace (causes and suppressed included) of any error a failing call raises, not in any log line written
 * meanwhile with the client's, Spring's and Reactor Netty's loggers at their most verbose, and not in any meter name or
 * tag. The build's leak scan checks the same in the output of every other test.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyLeakTests {

	private static final String KEY = ClientTestSupport.KEY;

	/** Any key longer than the prefix Epithre itself shows. */
	private static final Pattern FULL_KEY = Pattern.compile("esk_(live|test)_[A-Za-z0-9]{4,}");

	private static final Duration VERIFY = Duration.ofSeconds(15);

	private static final List<String> VERBOSE = List.of("com.epithre",
			"org.springframework.web.reactive.function.client",
			"org.springframework.http", "reactor.netty", "io.github.resilience4j");

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final EpithreResilience resilience = EpithreResilience.create();

	private final Map<String, Level> levels = new LinkedHashMap<>();

	@BeforeEach
	void logEverything() {
		for (String name : VERBOSE) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			this.levels.put(name, logger.getLevel());
			logger.setLevel(Level.TRACE);
		}
	}

	@AfterEach
	void restoreLogLevels() {
		this.levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
	}

	@Test
	void failingCallsShowOnlyTheKeyPrefixInErrorsLogsAndMeters(CapturedOutput output) {
		EpithreClient client = client(RetryPolicy.disabled(), DataSize.ofKilobytes(4));
		List<Throwable> errors = new ArrayList<>();
		this.server.enqueue(FakeResponse.authenticationError());
		errors.add(fail(client, (c) -> c.chat().create(ClientTestSupport.hello()).flux()));
		this.server.enqueue(FakeResponse.authenticationError());
		errors.add(fail(client, this::stream));
		for (String code : List.of("rpm_exceeded", "rpd_exceeded", "concurrency_exceeded", "backend_busy")) {
			this.server.enqueue(FakeResponse.rateLimited(code).withRetryAfter("1"));
			errors.add(fail(client, this::stream));
		}
		this.server.enqueue(FakeResponse.monthlyCapExceeded());
		errors.add(fail(client, this::stream));
		this.server.enqueue(FakeResponse.chatStream("satu dua tiga")
			.withErrorEventAfter(2, "authentication_error", "authentication_error", "Invalid API key"));
		errors.add(fail(client, this::stream));
		this.server.enqueue(FakeResponse.chatStream("satu dua tiga").withResetAfter(2));
		errors.add(fail(client, this::stream));
		this.server.enqueue(FakeResponse.chatStream("satu dua tiga").withMalformedChunkAt(1));
		errors.add(fail(client, this::stream));
		this.server.enqueue(FakeResponse.chatStream("satu dua tiga").withoutDone());
		errors.add(fail(client, this::stream));
		this.server.enqueue(FakeResponse.html(502, "<html>502 Bad Gateway</html>"));
		errors.add(fail(client, this::stream));
		this.server.enqueue(FakeResponse.dropConnection());
		errors.add(fail(client, this::stream));
		this.server.enqueue(FakeResponse.rawStream("data: " + "x".repeat(8192) + "\n\n"));
		errors.add(fail(client, this::stream));
		this.server.enqueue(FakeResponse.chatStream("satu dua tiga").withChunkDelay(Duration.ofSeconds(2)));
		errors.add(fail(client, (c) -> c.chat()
			.stream(ClientTestSupport.hello(), RequestOptions.none().withStreamIdleTimeout(Duration.ofMillis(200)))));
		this.server.requireApiKey("esk_test_another0123456789abcdefghijklmn");
		errors.add(fail(client, this::stream));
		assertThat(errors).hasSize(16).allSatisfy((error) -> {
			assertThat(error).isInstanceOf(EpithreException.class);
			assertNoKey(everything(error));
		});
		assertThat(errors).filteredOn(EpithreApiException.class::isInstance)
			.isNotEmpty()
			.allSatisfy((error) -> assertThat(error.getMessage()).contains("esk_test_012..."));
		assertThat(output.getAll()).as("the loggers were verbose").contains("HTTP POST");
		assertNoKey(output.getAll());
		assertNoKeyInMetersOrNames(client);
	}

	@Test
	void aKeyTheServerEchoesIsCutToItsPrefixInMessageAndBody(CapturedOutput output) {
		EpithreClient client = client(RetryPolicy.disabled(), EpithreClientSettings.DEFAULT_MAX_EVENT_SIZE);
		String echoed = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\",\"type\":"
				+ "\"authentication_error\",\"code\":\"authentication_error\"}}";
		this.server.enqueue(FakeResponse.json(401, echoed));
		Throwable error = fail(client, (c) -> c.chat().create(ClientTestSupport.hello()).flux());
		this.server.enqueue(FakeResponse.rawStream("data: " + echoed + "\n\n"));
		Throwable inStream = fail(client, this::stream);
		for (Throwable failure : List.of(error, ((EpithreStreamErrorEventException) inStream).getApiError())) {
			EpithreApiException api = (EpithreApiException) failure;
			assertThat(api.getErrorMessage()).isEqualTo("Incorrect API key provided: esk_test_012...");
			assertThat(api.getBody()).contains("Incorrect API key provided: esk_test_012...");
			assertNoKey(everything(api) + "\n" + api.getBody());
		}
		assertNoKey(output.getAll());
	}

	@Test
	void retriedCallsShowOnlyTheKeyPrefix(CapturedOutput output) {
		EpithreClient client = client(RetryPolicy.defaults(), EpithreClientSettings.DEFAULT_MAX_EVENT_SIZE);
		this.server.enqueue(FakeResponse.rateLimited("concurrency_exceeded"));
		this.server.enqueue(FakeResponse.dropConnection());
		StepVerifier.create(this.stream(client).then()).expectComplete().verify(VERIFY);
		assertThat(this.server.requestCount()).isEqualTo(3);
		assertNoKey(output.getAll());
		assertNoKeyInMetersOrNames(client);
	}

	@Test
	void malformedKeysAreRefusedOrTrimmedShowingOnlyTheirPrefix(CapturedOutput output) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EpithreClientSettings.defaults().withApiKey("esk_test_0123456789 abcdefghijklmnopqrstu"))
			.satisfies((ex) -> assertNoKey(everything(ex)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EpithreClientSettings.defaults().withApiKey("Bearer " + KEY))
			.satisfies((ex) -> assertNoKey(everything(ex)));
		EpithreClientSettings trimmed = EpithreClientSettings.defaults().withApiKey(KEY + "\n");
		assertThat(trimmed.apiKey()).isEqualTo(KEY);
		assertNoKey(trimmed.toString());
		assertThat(output.getAll()).contains("esk_test_012...");
		assertNoKey(output.getAll());
	}

	private Flux<ChatCompletionChunk> stream(EpithreClient client) {
		return client.chat().stream(ClientTestSupport.hello());
	}

	private static Throwable fail(EpithreClient client, Function<EpithreClient, Flux<?>> call) {
		List<Throwable> error = new ArrayList<>();
		StepVerifier.create(call.apply(client))
			.thenConsumeWhile((item) -> true)
			.consumeErrorWith(error::add)
			.verify(VERIFY);
		return error.get(0);
	}

	private void assertNoKeyInMetersOrNames(EpithreClient client) {
		assertThat(this.meters.getMeters()).as("meters were recorded").isNotEmpty();
		this.meters.getMeters().forEach((meter) -> assertNoKey(meter.getId().toString()));
		this.resilience.getBulkheadRegistry().getAllBulkheads().forEach((bulkhead) -> assertNoKey(bulkhead.getName()));
		this.resilience.getRetryRegistry().getAllRetries().forEach((retry) -> assertNoKey(retry.getName()));
		this.resilience.getLimiters().keySet().forEach(ApiKeyLeakTests::assertNoKey);
		assertNoKey(client.toString());
		assertNoKey(client.concurrencyLimiter().toString());
	}

	private EpithreClient client(RetryPolicy retry, DataSize maxEventSize) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		return EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl())
				.withApiKey(KEY)
				.withRetry(retry)
				.withMaxEventSize(maxEventSize))
			.resilience(this.resilience)
			.observationRegistry(observations)
			.build();
	}

	private static String everything(Throwable error) {
		StringWriter trace = new StringWriter();
		error.printStackTrace(new PrintWriter(trace));
		return error + "\n" + error.getMessage() + "\n" + trace;
	}

	private static void assertNoKey(String text) {
		// the descriptions mask what they quote: a failure report must not leak the key either
		String masked = FULL_KEY.matcher(text).replaceAll("esk_..._[MASKED]").replace(KEY.substring(12), "[MASKED]");
		assertThat(text.contains(KEY.substring(12))).as("the key's secret part in: %s", masked).isFalse();
		assertThat(FULL_KEY.matcher(text).find()).as("a key longer than its prefix in: %s", masked).isFalse();
	}

}
