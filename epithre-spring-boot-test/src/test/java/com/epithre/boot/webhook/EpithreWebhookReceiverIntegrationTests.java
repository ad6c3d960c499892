package com.epithre.boot.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.boot.webhook.app.WebhookReceiverTestApplication;
import com.epithre.boot.webhook.app.WebhookReceiverTestApplication.ReceivedEvents;
import com.epithre.client.EpithreClient;
import com.epithre.client.batch.Batch;
import com.epithre.client.batch.BatchCreateRequest;
import com.epithre.client.batch.BatchEndpoint;
import com.epithre.client.batch.BatchInputWriter;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.file.FileObject;
import com.epithre.client.file.FilePurpose;
import com.epithre.client.webhook.Webhook;
import com.epithre.client.webhook.WebhookEvent;
import com.epithre.client.webhook.WebhookRegistration;
import com.epithre.client.webhook.WebhookService;
import com.epithre.client.webhook.WebhookSignatureVerifier;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.autoconfigure.AutoConfigureFakeEpithre;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = WebhookReceiverTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "epithre.webhook.enabled=true",
				"epithre.webhook.secrets[0]=" + EpithreWebhookReceiverIntegrationTests.OLD_SECRET,
				"epithre.webhook.secret=" + EpithreWebhookReceiverIntegrationTests.SECRET })
@AutoConfigureFakeEpithre
class EpithreWebhookReceiverIntegrationTests {

	static final String SECRET = "whsec_receiver_test_0123456789";

	static final String OLD_SECRET = "whsec_receiver_old_9876543210";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String DATA = "{\"id\":\"batch-abc\",\"status\":\"completed\",\"endpoint\":\"/v1/embeddings\","
			+ "\"request_counts\":{\"total\":3,\"completed\":3,\"failed\":0},\"total_cost_idr\":0.036}";

	@LocalServerPort
	private int port;

	@Autowired
	private FakeEpithreServer server;

	@Autowired
	private ReceivedEvents received;

	@Autowired
	private EpithreClient client;

	private String url;

	@BeforeEach
	void setUp() {
		this.url = "http://127.0.0.1:" + this.port + "/epithre/webhook";
		this.received.events().clear();
	}

	@Test
	void validDeliveryPublishesTypedEvent() throws InterruptedException {
		assertThat(this.server.deliverWebhook(this.url, SECRET, WebhookEvent.BATCH_COMPLETED, DATA)).isEqualTo(204);
		EpithreWebhookEvent event = this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(event).isInstanceOf(BatchCompletedEvent.class);
		assertThat(event.getDataId()).isEqualTo("batch-abc");
		WebhookEvent body = event.getWebhookEvent();
		assertThat(body.data()).isNotNull();
		assertThat(body.data().requestCounts().completed()).isEqualTo(3);
		assertThat(body.data().totalCostIdr()).isEqualByComparingTo("0.036");
	}

	@Test
	void failedAndUnknownEventsAndOldSecret() throws InterruptedException {
		assertThat(this.server.deliverWebhook(this.url, OLD_SECRET, WebhookEvent.BATCH_FAILED,
				DATA.replace("batch-abc", "batch-failed"))).isEqualTo(204);
		assertThat(this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.isInstanceOf(BatchFailedEvent.class);
		assertThat(this.server.deliverWebhook(this.url, SECRET, "batch.expired",
				DATA.replace("batch-abc", "batch-expired"))).isEqualTo(204);
		EpithreWebhookEvent unknown = this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(unknown).isInstanceOf(UnknownWebhookEvent.class);
		assertThat(unknown.getEventName()).isEqualTo("batch.expired");
	}

	@Test
	void rejectionsAnswerWithoutPublishing() throws InterruptedException {
		byte[] body = ("{\"event\":\"batch.completed\",\"created\":1,\"data\":" + DATA.replace("batch-abc", "batch-x")
				+ "}").getBytes(StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		assertThat(post(null, body)).isEqualTo(401);
		assertThat(post("t=" + now, body)).isEqualTo(401);
		assertThat(post("nonsense", body)).isEqualTo(401);
		assertThat(post(WebhookSignatureVerifier.signatureHeader("whsec_forged", now, body), body)).isEqualTo(401);
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now - 360, body), body)).isEqualTo(401);
		// the receiver reads its own clock, which may have passed a second boundary since `now`: a minute past the
		// 300 s tolerance either way (the exact edges are WebhookSignatureVerifierTests', on a fixed clock)
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now + 360, body), body)).isEqualTo(401);
		byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now, notJson), notJson)).isEqualTo(400);
		// the rejected batch-x is still new to the deduplicator, and it is the first event published
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now, body), body)).isEqualTo(204);
		EpithreWebhookEvent first = this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(first).isNotNull();
		assertThat(first.getDataId()).isEqualTo("batch-x");
		assertThat(this.received.events()).isEmpty();
	}

	@Test
	void timestampBeyondTheRangeOfAnInstantIsRefusedWith401NotAServerError() {
		byte[] body = ("{\"event\":\"batch.completed\",\"created\":1,\"data\":"
				+ DATA.replace("batch-abc", "batch-far") + "}").getBytes(StandardCharsets.UTF_8);
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, 99999999999999999L, body), body))
			.isEqualTo(401);
		assertThat(post("t=99999999999999999,v1=" + "0".repeat(64), body)).isEqualTo(401);
		assertThat(this.received.events()).isEmpty();
	}

	@Test
	void replayIsRefusedAndRedeliveryAcknowledgedWithoutPublishingAgain() throws InterruptedException {
		String data = DATA.replace("batch-abc", "batch-replayed");
		byte[] body = ("{\"event\":\"" + WebhookEvent.BATCH_COMPLETED + "\",\"created\":1,\"data\":" + data + "}")
			.getBytes(StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		String signature = WebhookSignatureVerifier.signatureHeader(SECRET, now, body);
		assertThat(post(signature, body)).isEqualTo(204);
		assertThat(post(signature, body)).as("the same signed message again").isEqualTo(409);
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now - 1, body), body))
			.as("a redelivery signed anew").isEqualTo(200);
		assertThat(this.server.deliverWebhook(this.url, SECRET, WebhookEvent.BATCH_COMPLETED,
				DATA.replace("batch-abc", "batch-next"))).isEqualTo(204);
		EpithreWebhookEvent one = this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		EpithreWebhookEvent two = this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(one).isNotNull();
		assertThat(two).isNotNull();
		assertThat(List.of(one.getDataId(), two.getDataId())).containsExactlyInAnyOrder("batch-replayed",
				"batch-next");
	}

	@Test
	void replayWithTheSignatureHeaderRespelledIsStillRefused() throws InterruptedException {
		byte[] body = ("{\"event\":\"" + WebhookEvent.BATCH_COMPLETED + "\",\"created\":1,\"data\":"
				+ DATA.replace("batch-abc", "batch-respelled") + "}")
			.getBytes(StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		String signature = WebhookSignatureVerifier.signatureHeader(SECRET, now, body);
		String v1 = signature.substring(signature.indexOf(",v1=") + 1);
		assertThat(post(signature, body)).isEqualTo(204);
		assertThat(post(v1 + ",t=" + now, body)).as("the parts reordered").isEqualTo(409);
		assertThat(post("t=" + now + " , " + v1, body)).as("the parts spaced").isEqualTo(409);
		assertThat(this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
		assertThat(this.received.events().poll(1, TimeUnit.SECONDS)).isNull();
	}

	@Test
	void replayOfAnEventWithoutDataIdIsRefusedAndPublishedOnce() throws InterruptedException {
		byte[] body = "{\"event\":\"account.updated\",\"created\":1,\"data\":{\"name\":\"no id\"}}"
			.getBytes(StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		String signature = WebhookSignatureVerifier.signatureHeader(SECRET, now, body);
		String v1 = signature.substring(signature.indexOf(",v1=") + 1);
		assertThat(post(signature, body)).isEqualTo(204);
		assertThat(post(v1 + ",t=" + now, body)).as("the same signed message again").isEqualTo(409);
		EpithreWebhookEvent event = this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(event).isInstanceOf(UnknownWebhookEvent.class);
		assertThat(this.received.events().poll(1, TimeUnit.SECONDS)).isNull();
	}

	@Test
	void redeliveryIsRecognisedByTheSignedEventNotTheUnsignedHeader() throws InterruptedException {
		String data = DATA.replace("batch-abc", "batch-header");
		byte[] completed = ("{\"event\":\"" + WebhookEvent.BATCH_COMPLETED + "\",\"created\":1,\"data\":" + data
				+ "}")
			.getBytes(StandardCharsets.UTF_8);
		byte[] failed = ("{\"event\":\"" + WebhookEvent.BATCH_FAILED + "\",\"created\":1,\"data\":" + data + "}")
			.getBytes(StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now, failed), WebhookEvent.BATCH_FAILED,
				failed))
			.isEqualTo(204);
		assertThat(this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.isInstanceOf(BatchFailedEvent.class);
		// a batch.completed body under a batch.failed header is a new event, not a redelivery of the failed one
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now, completed), WebhookEvent.BATCH_FAILED,
				completed))
			.isEqualTo(204);
		assertThat(this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.isInstanceOf(BatchCompletedEvent.class);
		// and a batch.completed body signed anew is its redelivery, whatever the header says
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now - 1, completed),
				WebhookEvent.BATCH_FAILED, completed))
			.isEqualTo(200);
		assertThat(this.received.events().poll(1, TimeUnit.SECONDS)).isNull();
	}

	@Test
	void batchCompletionOnTheFakeServerReachesTheReceiver() throws InterruptedException {
		this.server.allowLoopbackWebhooks(true).webhookSecret(SECRET).batchWorkerCadence(Duration.ZERO);
		Webhook webhook = webhooks().register(WebhookRegistration.batchEvents(this.url)).block(TIMEOUT);
		assertThat(webhook).isNotNull();
		assertThat(webhook.secret()).isEqualTo(SECRET);
		BatchInputWriter input = BatchInputWriter.embeddings()
			.add("doc-a", EmbeddingRequest.of("satu"))
			.add("doc-b", EmbeddingRequest.of("dua"));
		FileObject file = this.client.files().upload(input.toResource("input.jsonl"), FilePurpose.BATCH_INPUT)
			.block(TIMEOUT);
		assertThat(file).isNotNull();
		Batch created = this.client.batches()
			.create(BatchCreateRequest.builder(file.id(), BatchEndpoint.EMBEDDINGS).build())
			.block(TIMEOUT);
		assertThat(created).isNotNull();
		Batch completed = this.client.batches().get(created.id()).block(TIMEOUT);
		assertThat(completed).isNotNull();
		assertThat(completed.status()).isEqualTo("completed");
		EpithreWebhookEvent event = this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(event).isInstanceOf(BatchCompletedEvent.class);
		assertThat(event.getDataId()).isEqualTo(created.id());
		assertThat(event.getWebhookEvent().data().requestCounts().total()).isEqualTo(2);
	}

	private int post(String signature, byte[] body) {
		return post(signature, WebhookEvent.BATCH_COMPLETED, body);
	}

	private int post(String signature, String eventHeader, byte[] body) {
		return WebClient.create()
			.post()
			.uri(this.url)
			.contentType(MediaType.APPLICATION_JSON)
			.headers((headers) -> {
				headers.set(WebhookSignatureVerifier.EVENT_HEADER, eventHeader);
				if (signature != null) {
					headers.set(WebhookSignatureVerifier.SIGNATURE_HEADER, signature);
				}
			})
			.bodyValue(body)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(TIMEOUT);
	}

	private WebhookService webhooks() {
		EpithreClientSettings settings = EpithreClientSettings.defaults()
			.withBaseUrl(this.server.baseUrl())
			.withApiKey("esk_test_0123456789abcdefghijklmnopqrstuv");
		return EpithreClient.builder(WebClient.builder()).settings(settings).build().webhooks();
	}

}
