package com.epithre.test;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.json;
import static com.epithre.test.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Tests for the fake server's {@code POST /v1/embeddings} ({@link EmbeddingsEndpoint}).
 */
@Timeout(20)
class EmbeddingsEndpointTests {

	private static final String PNG = Base64.getEncoder().encodeToString(new byte[] { (byte) 0x89, 'P', 'N', 'G' });

	private final FakeEpithreServer server = new FakeEpithreServer();

	@BeforeEach
	void start() {
		this.server.start();
	}

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void textsGetDeterministicUnitVectorsInInputOrderWithUsage() {
		HttpResponse<String> response = embed("{\"model\":\"epithre-embed\",\"input\":[\"satu\",\"dua tiga\"],"
				+ "\"dimensions\":8}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json(response.body());
		assertThat(body.path("object").stringValue()).isEqualTo("list");
		assertThat(body.path("model").stringValue()).isEqualTo("epithre-embed");
		assertThat(body.path("data")).hasSize(2);
		assertThat(body.path("data").get(1).path("index").intValue()).isEqualTo(1);
		assertThat(body.path("data").get(1).path("object").stringValue()).isEqualTo("embedding");
		float[] second = vector(body.path("data").get(1));
		assertThat(second).containsExactly(FakeEmbeddings.text("dua tiga", null, 8));
		double norm = 0;
		for (float value : second) {
			norm += value * value;
		}
		assertThat(norm).isCloseTo(1.0, offset(1e-5));
		assertThat(body.path("usage").path("prompt_tokens").intValue()).isEqualTo(3);
		assertThat(body.path("usage").path("total_tokens").intValue()).isEqualTo(3);
		assertThat(body.path("usage").path("truncated_count").intValue()).isZero();
	}

	@Test
	void singleStringInputAndDefaultDimensionsGiveOne4000DimensionVector() {
		JsonNode body = json(embed("{\"model\":\"epithre-embed\",\"input\":\"halo\"}").body());
		assertThat(body.path("data")).hasSize(1);
		assertThat(body.path("data").get(0).path("embedding")).hasSize(4000);
	}

	@Test
	void fewerDimensionsKeepTheLeadingComponentsRenormalised() {
		float[] full = FakeEmbeddings.text("halo", null, 4000);
		float[] short4 = FakeEmbeddings.text("halo", null, 4);
		double scale = short4[0] / full[0];
		for (int i = 0; i < 4; i++) {
			assertThat((double) short4[i]).isCloseTo(full[i] * scale, offset(1e-5));
		}
	}

	@Test
	void instructionChangesTheVector() {
		assertThat(FakeEmbeddings.text("halo", "Represent this query:", 8))
			.isNotEqualTo(FakeEmbeddings.text("halo", null, 8));
	}

	@Test
	void theThreeImageShapesAreAcceptedAndMixWithTexts() {
		String body = "{\"model\":\"epithre-embed\",\"dimensions\":4,\"input\":[\"teks\","
				+ "{\"type\":\"image\",\"image\":\"" + PNG + "\"},"
				+ "{\"type\":\"image\",\"image_url\":\"data:image/jpeg;base64," + PNG + "\"},"
				+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + PNG + "\"}}]}";
		HttpResponse<String> response = embed(body);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode data = json(response.body()).path("data");
		assertThat(data).hasSize(4);
		for (int i = 1; i < 4; i++) {
			assertThat(vector(data.get(i))).containsExactly(FakeEmbeddings.image(PNG, 4));
		}
	}

	@Test
	void malformedImageItemIsABadRequest() {
		assertError(embed("{\"model\":\"epithre-embed\",\"input\":[{\"type\":\"image\",\"url\":\"x\"}]}"), 400,
				"invalid_request_error");
	}

	@Test
	void instructionWithAnImageIsUnprocessable() {
		assertError(embed("{\"model\":\"epithre-embed\",\"instruction\":\"Represent:\",\"input\":[{\"type\":\"image\","
				+ "\"image\":\"" + PNG + "\"}]}"), 422, "invalid_request_error");
	}

	@Test
	void moreThan64TextsOr8ImagesAreRefused() {
		assertError(embed("{\"model\":\"epithre-embed\",\"input\":" + texts(65) + "}"), 400, "invalid_request_error");
		List<String> images = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			images.add("{\"type\":\"image\",\"image\":\"" + PNG + "\"}");
		}
		assertError(embed("{\"model\":\"epithre-embed\",\"input\":[" + String.join(",", images) + "]}"), 400,
				"invalid_request_error");
	}

	@Test
	void dimensionsOutsideTheRangeAreRefused() {
		assertError(embed("{\"model\":\"epithre-embed\",\"input\":\"x\",\"dimensions\":0}"), 400,
				"invalid_request_error");
		assertError(embed("{\"model\":\"epithre-embed\",\"input\":\"x\",\"dimensions\":4001}"), 400,
				"invalid_request_error");
	}

	@Test
	void overlongTextIsCutAndCountedUnlessTruncateIsNone() {
		String longText = "a".repeat(10_001);
		JsonNode cut = json(embed("{\"model\":\"epithre-embed\",\"dimensions\":4,\"input\":[\"" + longText
				+ "\",\"b\"]}").body());
		assertThat(cut.path("usage").path("truncated_count").intValue()).isEqualTo(1);
		assertThat(vector(cut.path("data").get(0))).containsExactly(FakeEmbeddings.text("a".repeat(10_000), null, 4));
		assertError(embed("{\"model\":\"epithre-embed\",\"truncate\":\"NONE\",\"input\":[\"" + longText + "\"]}"), 422,
				"invalid_request_error");
	}

	@Test
	void otherModelIsNotFound() {
		assertError(embed("{\"model\":\"epithre-omni\",\"input\":\"x\"}"), 400, "model_not_found");
	}

	@Test
	void bodyOver25MegabytesIsTooLarge() {
		String text = "a".repeat(25 * 1024 * 1024);
		assertError(embed("{\"model\":\"epithre-embed\",\"input\":\"" + text + "\"}"), 413, "request_too_large");
	}

	@Test
	void missingKeyIsUnauthenticated() {
		HttpResponse<String> response = post(this.server, "/v1/embeddings",
				"{\"model\":\"epithre-embed\",\"input\":\"x\"}");
		assertError(response, 401, "authentication_error");
	}

	@Test
	void keyAtTheConcurrencyCapIsRefused() throws Exception {
		this.server.concurrencyCap(1).streamChunkDelay(Duration.ofMillis(200));
		HttpResponse<InputStream> open = TestHttp.openChatStream(this.server, KEY, TestHttp.chatRequest(true));
		try (InputStream stream = open.body()) {
			assertError(embed("{\"model\":\"epithre-embed\",\"input\":\"x\",\"dimensions\":4}"), 429,
					"concurrency_exceeded");
		}
	}

	private HttpResponse<String> embed(String body) {
		return post(this.server, "/v1/embeddings", body, "Authorization", "Bearer " + KEY);
	}

	private static String texts(int count) {
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			texts.add("\"teks " + i + "\"");
		}
		return "[" + String.join(",", texts) + "]";
	}

	private static float[] vector(JsonNode embedding) {
		JsonNode values = embedding.path("embedding");
		float[] vector = new float[values.size()];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = values.get(i).floatValue();
		}
		return vector;
	}

	static void assertError(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(json(response.body()).path("error").path("code").stringValue()).isEqualTo(code);
	}

}
