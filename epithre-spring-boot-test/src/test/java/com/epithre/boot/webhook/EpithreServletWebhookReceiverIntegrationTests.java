package com.epithre.boot.webhook;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.context.WebApplicationContext;

import com.epithre.boot.webhook.app.WebhookReceiverTestApplication;
import com.epithre.boot.webhook.app.WebhookReceiverTestApplication.ReceivedEvents;
import com.epithre.client.webhook.WebhookEvent;
import com.epithre.client.webhook.WebhookSignatureVerifier;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.autoconfigure.AutoConfigureFakeEpithre;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook receiver in a Spring MVC application on an embedded servlet container: the same answers and events as
 * on WebFlux ({@link EpithreWebhookReceiverIntegrationTests}).
 */
@SpringBootTest(classes = WebhookReceiverTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "epithre.webhook.enabled=true",
				"epithre.webhook.secret=" + EpithreServletWebhookReceiverIntegrationTests.SECRET,
				"epithre.webhook.max-body-size=4KB" })
@AutoConfigureFakeEpithre
class EpithreServletWebhookReceiverIntegrationTests {

	static final String SECRET = "whsec_servlet_test_0123456789";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String DATA = "{\"id\":\"batch-mvc\",\"status\":\"completed\",\"endpoint\":\"/v1/embeddings\","
			+ "\"request_counts\":{\"total\":2,\"completed\":2,\"failed\":0},\"total_cost_idr\":0.024}";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private FakeEpithreServer server;

	@Autowired
	private ReceivedEvents received;

	private String url;

	@BeforeEach
	void setUp() {
		this.url = "http://127.0.0.1:" + this.port + "/epithre/webhook";
		this.received.events().clear();
	}

	@Test
	void runsOnSpringMvcWithTheServletHandlerOnly() {
		assertThat(this.context).isInstanceOf(WebApplicationContext.class);
		assertThat(this.context.getBeansOfType(EpithreServletWebhookHandler.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(EpithreWebhookHandler.class)).isEmpty();
	}

	@Test
	void signedDeliveryPublishesTheTypedEvent() throws InterruptedException {
		assertThat(this.server.deliverWebhook(this.url, SECRET, WebhookEvent.BATCH_COMPLETED, DATA)).isEqualTo(204);
		EpithreWebhookEvent event = this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(event).isInstanceOf(BatchCompletedEvent.class);
		assertThat(event.getDataId()).isEqualTo("batch-mvc");
		assertThat(event.getWebhookEvent().data().requestCounts().completed()).isEqualTo(2);
		assertThat(event.getSource()).isInstanceOf(EpithreServletWebhookHandler.class);
	}

	@Test
	void badSignaturesAreRefusedWith401WithoutPublishing() throws Exception {
		byte[] body = body("batch-forged");
		long now = Instant.now().getEpochSecond();
		assertThat(post(null, body).statusCode()).isEqualTo(401);
		assertThat(post("nonsense", body).statusCode()).isEqualTo(401);
		HttpResponse<String> forged = post(WebhookSignatureVerifier.signatureHeader("whsec_forged", now, body), body);
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.body()).contains("No Epithre-Signature v1 signature matches").doesNotContain(SECRET);
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now - 360, body), body).statusCode())
			.isEqualTo(401);
		assertThat(this.received.events()).isEmpty();
	}

	@Test
	void timestampBeyondTheRangeOfAnInstantIsRefusedWith401NotAServerError() throws Exception {
		byte[] body = body("batch-far");
		HttpResponse<String> response = post(
				WebhookSignatureVerifier.signatureHeader(SECRET, 99999999999999999L, body), body);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("99999999999999999").doesNotContain("Exception");
		assertThat(this.received.events()).isEmpty();
	}

	@Test
	void replaysRedeliveriesBadJsonAndOversizedBodiesGetTheWebFluxAnswers() throws Exception {
		byte[] body = body("batch-again");
		long now = Instant.now().getEpochSecond();
		String signature = WebhookSignatureVerifier.signatureHeader(SECRET, now, body);
		assertThat(post(signature, body).statusCode()).isEqualTo(204);
		assertThat(post(signature, body).statusCode()).as("the same signed message again").isEqualTo(409);
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now - 1, body), body).statusCode())
			.as("a redelivery signed anew").isEqualTo(200);
		byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now, notJson), notJson).statusCode())
			.isEqualTo(400);
		byte[] large = body("batch-large-" + "x".repeat(5000));
		assertThat(post(WebhookSignatureVerifier.signatureHeader(SECRET, now, large), large).statusCode())
			.isEqualTo(413);
		EpithreWebhookEvent event = this.received.events().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(event).isNotNull();
		assertThat(event.getDataId()).isEqualTo("batch-again");
		assertThat(this.received.events()).isEmpty();
	}

	@Test
	void oversizedBodySentWithoutContentLengthIsRefusedWith413() throws Exception {
		byte[] large = body("batch-chunked-" + "x".repeat(5000));
		String signature = WebhookSignatureVerifier.signatureHeader(SECRET, Instant.now().getEpochSecond(), large);
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.url))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.header(WebhookSignatureVerifier.SIGNATURE_HEADER, signature)
			// a stream of unknown length is sent chunked, without Content-Length
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large)))
			.build();
		assertThat(this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
		assertThat(this.received.events()).isEmpty();
	}

	private static byte[] body(String batchId) {
		return ("{\"event\":\"" + WebhookEvent.BATCH_COMPLETED + "\",\"created\":1,\"data\":"
				+ DATA.replace("batch-mvc", batchId) + "}").getBytes(StandardCharsets.UTF_8);
	}

	private HttpResponse<String> post(String signature, byte[] body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.url))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.header(WebhookSignatureVerifier.EVENT_HEADER, WebhookEvent.BATCH_COMPLETED)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header(WebhookSignatureVerifier.SIGNATURE_HEADER, signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
