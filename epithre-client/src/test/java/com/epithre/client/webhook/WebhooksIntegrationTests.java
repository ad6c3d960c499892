package com.epithre.client.webhook;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreNotFoundException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class WebhooksIntegrationTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final WebhookService webhooks = service(this.server);

	@Test
	void registerListDeleteRoundTrip() {
		WebhookRegistration registration = new WebhookRegistration("https://hooks.example.id/epithre",
				List.of(WebhookEvent.BATCH_COMPLETED, WebhookEvent.BATCH_FAILED), "nightly jobs");
		StepVerifier.create(this.webhooks.register(registration)).assertNext((webhook) -> {
			assertThat(webhook.id()).startsWith("wh-");
			assertThat(webhook.secret()).startsWith("whsec_");
			assertThat(webhook.toString()).doesNotContain(webhook.secret());
			assertThat(webhook.events()).containsExactly("batch.completed", "batch.failed");
		}).expectComplete().verify(TIMEOUT);
		RecordedRequest request = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v1/webhooks");
		assertThat(request.bodyAsString()).contains("\"url\":\"https://hooks.example.id/epithre\"")
			.contains("\"description\":\"nightly jobs\"");

		WebhookList list = this.webhooks.list().block(TIMEOUT);
		assertThat(list).isNotNull();
		assertThat(list.data()).singleElement().satisfies((webhook) -> {
			assertThat(webhook.status()).isEqualTo(Webhook.STATUS_ACTIVE);
			assertThat(webhook.secret()).isNull();
			assertThat(webhook.lastDeliveryAt()).isNull();
			assertThat(webhook.url()).isEqualTo("https://hooks.example.id/epithre");
		});
		String id = list.data().get(0).id();

		StepVerifier.create(this.webhooks.delete(id))
			.assertNext((deleted) -> assertThat(deleted.deleted()).isTrue())
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.webhooks.list())
			.assertNext((after) -> assertThat(after.data()).isEmpty())
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.webhooks.delete(id)).expectError(EpithreNotFoundException.class).verify(TIMEOUT);
	}

	@Test
	void registerRefusesLoopbackAndPlainHttpUnlessAllowed() {
		StepVerifier.create(this.webhooks.register(WebhookRegistration.batchEvents("https://127.0.0.1/hook")))
			.expectError(EpithreBadRequestException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.webhooks.register(WebhookRegistration.batchEvents("http://hooks.example.id/hook")))
			.expectError(EpithreBadRequestException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.webhooks.register(WebhookRegistration.batchEvents("https://10.1.2.3/hook")))
			.expectError(EpithreBadRequestException.class)
			.verify(TIMEOUT);
		this.server.allowLoopbackWebhooks(true);
		StepVerifier.create(this.webhooks.register(WebhookRegistration.batchEvents("http://127.0.0.1:9/hook")))
			.assertNext((webhook) -> assertThat(webhook.secret()).startsWith("whsec_"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void registerIsNotRetriedOnServerError() {
		this.server.enqueue(FakeResponse.error(500, "server_error", "server_error", "boom"));
		StepVerifier.create(this.webhooks.register(WebhookRegistration.batchEvents("https://hooks.example.id/x")))
			.expectError()
			.verify(TIMEOUT);
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	private static WebhookService service(FakeEpithreServer server) {
		EpithreClientSettings settings = EpithreClientSettings.defaults()
			.withBaseUrl(server.baseUrl())
			.withApiKey(KEY);
		return EpithreClient.builder(WebClient.builder()).settings(settings).build().webhooks();
	}

}
