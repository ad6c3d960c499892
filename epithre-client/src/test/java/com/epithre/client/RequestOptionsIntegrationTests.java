package com.epithre.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.error.EpithreAuthenticationException;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Per-request API keys and headers over real HTTP: each key keeps its own cap, every operation sends what the call
 * asked for.
 */
class RequestOptionsIntegrationTests {

	private static final String CLIENT_KEY = "esk_test_clientkey0123456789abcdefghij";

	private static final String TENANT_A = "esk_test_tenantaaaa0123456789abcdefghij";

	private static final String TENANT_B = "esk_test_tenantbbbb0123456789abcdefghij";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreResilience resilience = EpithreResilience.create();

	private final EpithreClient client = EpithreClient.builder(WebClient.builder())
		.settings((settings) -> settings.withBaseUrl(this.server.baseUrl())
			.withApiKey(CLIENT_KEY)
			.withConcurrency(ConcurrencyPolicy.defaults().withMaxInFlight(3).withMaxWait(Duration.ofSeconds(30))))
		.resilience(this.resilience)
		.build();

	@Test
	void twoTenantKeysEachGetTheirOwnCapAtTheServer() {
		this.server.concurrencyCap(3)
			.streamChunkDelay(Duration.ofMillis(150))
			.defaultReply("satu dua tiga empat lima enam tujuh delapan");
		RequestOptions tenantA = RequestOptions.none().withApiKey(TENANT_A);
		RequestOptions tenantB = RequestOptions.none().withApiKey(TENANT_B);
		List<Long> counts = new CopyOnWriteArrayList<>();
		Disposable.Composite streams = Disposables.composite();
		try {
			// four streams of tenant A: three fill its cap, the fourth waits in A's own queue
			for (int i = 0; i < 4; i++) {
				streams.add(this.client.chat().stream(hello(), tenantA).count().subscribe(counts::add));
			}
			await().atMost(TIMEOUT).until(() -> this.server.inFlight(TENANT_A) == 3);
			// tenant B is not held up by A's full cap: its three streams are in flight at the same time
			for (int i = 0; i < 3; i++) {
				streams.add(this.client.chat().stream(hello(), tenantB).count().subscribe(counts::add));
			}
			await().atMost(TIMEOUT).until(() -> this.server.inFlight(TENANT_B) == 3);
			assertThat(this.server.inFlight(TENANT_A)).isEqualTo(3);
			await().atMost(TIMEOUT).until(() -> counts.size() == 7);
		}
		finally {
			streams.dispose();
		}
		assertThat(counts).allSatisfy((count) -> assertThat(count).isGreaterThan(5));
		assertThat(this.server.peakInFlight(TENANT_A)).isEqualTo(3);
		assertThat(this.server.peakInFlight(TENANT_B)).isEqualTo(3);
		assertThat(this.server.peakInFlight(CLIENT_KEY)).isZero();
		assertThat(this.resilience.getRetriesByCause()).doesNotContainKey("concurrency_exceeded");
		// one limiter per tenant key (both keys share their 12-character prefix)
		assertThat(this.resilience.getLimiters().keySet()).filteredOn((name) -> name.startsWith("epithre-esk_test_ten"))
			.hasSize(2);
	}

	@Test
	void aCallSendsItsOwnKeyAndErrorsNameOnlyThatKeysPrefix() {
		this.server.requireApiKey(TENANT_A);
		StepVerifier.create(this.client.chat().create(hello(), RequestOptions.none().withApiKey(TENANT_A)))
			.assertNext((completion) -> assertThat(completion.text()).isNotEmpty())
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(bearer(take())).isEqualTo(TENANT_A);
		StepVerifier.create(this.client.chat().create(hello(), RequestOptions.none().withApiKey(TENANT_B)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EpithreAuthenticationException.class)
				.hasMessageContaining(TENANT_B.substring(0, 12))
				.message()
				.doesNotContain(TENANT_B.substring(12)))
			.verify(TIMEOUT);
	}

	@Test
	void extraHeadersReachTheServerOnEveryOperation() {
		RequestOptions traced = RequestOptions.none().withHeader("X-Tenant", "acme").withHeader("traceparent",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		EpithreClient tracedClient = this.client.withOptions(traced);
		this.client.chat().create(hello(), traced).block(TIMEOUT);
		this.client.chat().stream(hello(), traced).blockLast(TIMEOUT);
		this.client.embeddings()
			.create(EmbeddingRequest.builder().texts(List.of("satu")).build(), traced)
			.block(TIMEOUT);
		tracedClient.models().list().block(TIMEOUT);
		tracedClient.files().list().block(TIMEOUT);
		tracedClient.verifyApiKey(RequestOptions.none()).block(TIMEOUT);
		for (int i = 0; i < 6; i++) {
			RecordedRequest request = take();
			assertThat(request.header("x-tenant")).as(request.path()).isEqualTo("acme");
			assertThat(request.header("traceparent")).as(request.path()).startsWith("00-4bf92f");
			assertThat(bearer(request)).as(request.path()).isEqualTo(CLIENT_KEY);
		}
	}

	@Test
	void aDerivedClientSendsEveryCallWithItsKey() {
		EpithreClient tenant = this.client.withOptions(RequestOptions.none().withApiKey(TENANT_B));
		tenant.models().list().block(TIMEOUT);
		tenant.files().list().block(TIMEOUT);
		tenant.batches().list(1).block(TIMEOUT);
		tenant.chat().stream(hello()).blockLast(TIMEOUT);
		for (int i = 0; i < 4; i++) {
			RecordedRequest request = take();
			assertThat(bearer(request)).as(request.path()).isEqualTo(TENANT_B);
		}
		assertThat(this.server.peakInFlight(CLIENT_KEY)).isZero();
	}

	@Test
	void theCallsOwnOptionsWinOverTheDerivedClients() {
		EpithreClient tenant = this.client
			.withOptions(RequestOptions.none().withApiKey(TENANT_A).withHeader("X-Tenant", "a"));
		tenant.chat()
			.create(hello(), RequestOptions.none().withApiKey(TENANT_B).withHeader("X-Tenant", "b"))
			.block(TIMEOUT);
		RecordedRequest request = take();
		assertThat(bearer(request)).isEqualTo(TENANT_B);
		assertThat(request.headers("x-tenant")).containsExactly("b");
	}

	@Test
	void theWebClientForOtherEndpointsAddsTheClientsKey() {
		String body = this.client.webClient()
			.get()
			.uri("/models/epithre-omni")
			.retrieve()
			.bodyToMono(String.class)
			.block(TIMEOUT);
		assertThat(body).contains("epithre-omni");
		assertThat(bearer(take())).isEqualTo(CLIENT_KEY);
	}

	@Test
	void authorizationIsRefusedAsAnExtraHeader() {
		assertThatIllegalArgumentException().isThrownBy(() -> RequestOptions.none().withHeader("Authorization", "x"))
			.withMessageContaining("withApiKey");
	}

	@Test
	void headersWithALineBreakOrAnInvalidNameAreRefusedBeforeAnythingIsSent() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RequestOptions.none().withHeader("X-Tenant", "acme\r\nX-Injected: 1"))
			.withMessage("header X-Tenant has a null value or one with a line break (CR or LF)");
		assertThatIllegalArgumentException().isThrownBy(() -> RequestOptions.none().withHeader("X Tenant", "acme"))
			.withMessage("header name 'X Tenant' is not a valid HTTP header name");
		assertThat(RequestOptions.none().withHeader("X-Tenant_1.a", "acme, b").headers()).containsKey("x-tenant_1.a");
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void optionsNeverPrintTheKey() {
		assertThat(RequestOptions.none().withApiKey(TENANT_A).withHeader("X-Tenant", "secret-value"))
			.asString()
			.contains(TENANT_A.substring(0, 12))
			.doesNotContain(TENANT_A.substring(12))
			.doesNotContain("secret-value");
	}

	private RecordedRequest take() {
		return Objects.requireNonNull(this.server.takeRequest(TIMEOUT), "no request arrived");
	}

	private static String bearer(RecordedRequest request) {
		String authorization = Objects.requireNonNull(request.header("authorization"), "no Authorization header");
		assertThat(authorization).startsWith("Bearer ");
		return authorization.substring("Bearer ".length());
	}

	private static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
	}

}
