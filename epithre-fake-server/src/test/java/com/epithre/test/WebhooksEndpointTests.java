package com.epithre.test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the fake server's {@code /v1/webhooks} ({@link WebhooksEndpoint}) and its deliveries.
 */
@Timeout(20)
class WebhooksEndpointTests {

	private final FakeEpithreServer server = new FakeEpithreServer();

	private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

	private DisposableServer receiver;

	@BeforeEach
	void start() {
		this.server.start();
		this.receiver = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/hook", (request, response) -> request.receive()
				.aggregate()
				.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.flatMap((body) -> {
					this.deliveries.add(new Delivery(request.requestHeaders().get("Epithre-Event"),
							request.requestHeaders().get("Epithre-Signature"),
							request.requestHeaders().get("User-Agent"), body));
					return Mono.empty();
				})
				.then(response.status(204).send())))
			.bindNow();
	}

	@AfterEach
	void close() {
		this.receiver.disposeNow();
		this.server.close();
	}

	@Test
	void registerListAndDelete() {
		HttpResponse<String> registered = register("{\"url\":\"https://hooks.example.id/epithre\","
				+ "\"events\":[\"batch.completed\"],\"description\":\"nightly\"}");
		assertThat(registered.statusCode()).isEqualTo(200);
		JsonNode webhook = json(registered.body());
		assertThat(webhook.path("id").stringValue()).startsWith("wh-");
		assertThat(webhook.path("secret").stringValue()).startsWith("whsec_");

		JsonNode list = json(TestHttp.get(this.server, "/v1/webhooks", "Authorization", "Bearer " + KEY).body());
		JsonNode row = list.path("data").get(0);
		assertThat(row.path("status").stringValue()).isEqualTo("active");
		assertThat(row.has("secret")).isFalse();
		assertThat(row.path("last_delivery_at").isNull()).isTrue();
		assertThat(row.path("last_error").isNull()).isTrue();
		assertThat(row.path("description").stringValue()).isEqualTo("nightly");

		String id = webhook.path("id").stringValue();
		assertThat(delete(id).statusCode()).isEqualTo(200);
		assertThat(delete(id).statusCode()).isEqualTo(404);
	}

	@Test
	void registerRefusesWhatTheRealApiRefuses() {
		assertThat(register(body("http://hooks.example.id/x")).statusCode()).isEqualTo(400);
		assertThat(register(body("https://127.0.0.1/x")).statusCode()).isEqualTo(400);
		assertThat(register(body("https://localhost/x")).statusCode()).isEqualTo(400);
		assertThat(register(body("https://192.168.1.10/x")).statusCode()).isEqualTo(400);
		assertThat(register(body("http://127.0.0.1:" + this.receiver.port() + "/hook")).statusCode()).isEqualTo(400);
		assertThat(register("{\"url\":\"https://hooks.example.id/x\",\"events\":[\"batch.created\"]}").statusCode())
			.isEqualTo(400);
		assertThat(register("{\"url\":\"https://hooks.example.id/x\",\"events\":[]}").statusCode()).isEqualTo(400);
		this.server.allowLoopbackWebhooks(true);
		assertThat(register(body("http://127.0.0.1:" + this.receiver.port() + "/hook")).statusCode()).isEqualTo(200);
		this.server.reset();
		assertThat(register(body("http://127.0.0.1:" + this.receiver.port() + "/hook")).statusCode()).isEqualTo(400);
	}

	@Test
	void deliverWebhookSignsLikeEpithre() throws Exception {
		String url = "http://127.0.0.1:" + this.receiver.port() + "/hook";
		int status = this.server.deliverWebhook(url, "whsec_abc", "batch.failed", "{\"id\":\"batch-1\"}");
		assertThat(status).isEqualTo(204);
		Delivery delivery = this.deliveries.poll(10, TimeUnit.SECONDS);
		assertThat(delivery).isNotNull();
		assertThat(delivery.event()).isEqualTo("batch.failed");
		assertThat(delivery.userAgent()).isEqualTo("Epithre-Webhooks/1.0");
		JsonNode body = json(delivery.body());
		assertThat(body.path("event").stringValue()).isEqualTo("batch.failed");
		assertThat(body.path("data").path("id").stringValue()).isEqualTo("batch-1");
		assertSigned(delivery, "whsec_abc");
	}

	@Test
	void completedBatchIsDeliveredAndRecorded() throws Exception {
		this.server.allowLoopbackWebhooks(true).webhookSecret("whsec_fixed").batchWorkerCadence(Duration.ZERO);
		HttpResponse<String> registered = register(body("http://127.0.0.1:" + this.receiver.port() + "/hook"));
		assertThat(json(registered.body()).path("secret").stringValue()).isEqualTo("whsec_fixed");
		String line = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\","
				+ "\"body\":{\"model\":\"epithre-embed\",\"input\":\"satu\"}}\n";
		HttpResponse<String> uploaded = FilesEndpointTests.upload(this.server,
				FilesEndpointTests.multipart("in.jsonl", line, "batch_input"));
		String fileId = json(uploaded.body()).path("id").stringValue();
		HttpResponse<String> created = TestHttp.post(this.server, "/v1/batches", "{\"input_file_id\":\"" + fileId
				+ "\",\"endpoint\":\"/v1/embeddings\",\"completion_window\":\"24h\"}", "Authorization",
				"Bearer " + KEY, "Content-Type", "application/json");
		String batchId = json(created.body()).path("id").stringValue();
		JsonNode batch = json(TestHttp.get(this.server, "/v1/batches/" + batchId, "Authorization", "Bearer " + KEY)
			.body());
		assertThat(batch.path("status").stringValue()).isEqualTo("completed");

		Delivery delivery = this.deliveries.poll(10, TimeUnit.SECONDS);
		assertThat(delivery).isNotNull();
		assertThat(delivery.event()).isEqualTo("batch.completed");
		JsonNode data = json(delivery.body()).path("data");
		assertThat(data.path("id").stringValue()).isEqualTo(batchId);
		assertThat(data.path("status").stringValue()).isEqualTo("completed");
		assertThat(data.path("request_counts").path("total").asInt()).isEqualTo(1);
		assertSigned(delivery, "whsec_fixed");
		// reading the batch again does not deliver again
		TestHttp.get(this.server, "/v1/batches/" + batchId, "Authorization", "Bearer " + KEY);
		assertThat(this.deliveries).isEmpty();
	}

	private static void assertSigned(Delivery delivery, String secret) throws Exception {
		String[] parts = delivery.signature().split(",");
		assertThat(parts[0]).startsWith("t=");
		assertThat(parts[1]).startsWith("v1=");
		String t = parts[0].substring(2);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
		String expected = HexFormat.of().formatHex(mac.doFinal(delivery.body().getBytes(StandardCharsets.UTF_8)));
		assertThat(parts[1].substring(3)).isEqualTo(expected);
	}

	private static String body(String url) {
		return "{\"url\":\"" + url + "\",\"events\":[\"batch.completed\",\"batch.failed\"]}";
	}

	private HttpResponse<String> register(String body) {
		return TestHttp.post(this.server, "/v1/webhooks", body, "Authorization", "Bearer " + KEY, "Content-Type",
				"application/json");
	}

	private HttpResponse<String> delete(String id) {
		HttpRequest request = TestHttp.request(this.server, "/v1/webhooks/" + id, "Authorization", "Bearer " + KEY)
			.DELETE()
			.build();
		return TestHttp.send(request, HttpResponse.BodyHandlers.ofString());
	}

	record Delivery(String event, String signature, String userAgent, String body) {

	}

}
