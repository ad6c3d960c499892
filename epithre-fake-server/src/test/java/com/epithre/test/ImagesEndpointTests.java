package com.epithre.test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Base64;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static com.epithre.test.EmbeddingsEndpointTests.assertError;
import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.json;
import static com.epithre.test.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the fake server's {@code POST /v1/images/generations} and {@code /v1/images/edits}
 * ({@link ImagesEndpoint}).
 */
@Timeout(20)
class ImagesEndpointTests {

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10 };

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
	void generationAnswersAPngOfTheSizeRoundedDownToMultiplesOf16() throws IOException {
		HttpResponse<String> response = generate("{\"model\":\"epithre-iris\",\"prompt\":\"a cat\","
				+ "\"size\":\"70x40\",\"n\":1,\"num_steps\":4,\"seed\":-1,\"guidance_scale\":1.0,\"lora\":\"dark\","
				+ "\"lora_strength\":1.5,\"response_format\":\"b64_json\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = json(response.body());
		assertThat(body.path("created").asLong()).isPositive();
		byte[] png = Base64.getDecoder().decode(body.path("data").get(0).path("b64_json").stringValue());
		assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image.getWidth()).isEqualTo(64);
		assertThat(image.getHeight()).isEqualTo(32);
		assertThat(ImagesEndpoint.png(64, 32)).isEqualTo(png);
	}

	@Test
	void editNeedsOneBase64SourceImage() {
		String source = Base64.getEncoder().encodeToString(ImagesEndpoint.png(32, 16));
		HttpResponse<String> response = edit("{\"model\":\"epithre-iris\",\"prompt\":\"blue\",\"image\":\"" + source
				+ "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String b64 = json(response.body()).path("data").get(0).path("b64_json").stringValue();
		assertThat(Base64.getDecoder().decode(b64)).isEqualTo(ImagesEndpoint.png(32, 16));
		assertError(edit("{\"model\":\"epithre-iris\",\"prompt\":\"blue\"}"), 400, "invalid_request_error");
		assertError(edit("{\"model\":\"epithre-iris\",\"prompt\":\"blue\",\"image\":\"%%%\"}"), 400,
				"invalid_request_error");
	}

	@Test
	void documentedLimitsAreRefusedAsInvalidRequests() {
		String[] fields = { "\"size\":\"976x768\"", "\"size\":\"768\"", "\"n\":2", "\"num_steps\":0",
				"\"num_steps\":51", "\"lora\":\"pixel\"", "\"lora_strength\":1.6", "\"lora_strength\":-0.1",
				"\"response_format\":\"url\"", "\"seed\":-2" };
		for (String field : fields) {
			assertError(generate("{\"model\":\"epithre-iris\",\"prompt\":\"a cat\"," + field + "}"), 400,
					"invalid_request_error");
		}
		assertError(generate("{\"model\":\"epithre-iris\",\"prompt\":\"" + "a".repeat(2001) + "\"}"), 400,
				"invalid_request_error");
		assertError(generate("{\"model\":\"epithre-iris\"}"), 400, "invalid_request_error");
	}

	@Test
	void otherModelIsNotFound() {
		assertError(generate("{\"model\":\"epithre-omni\",\"prompt\":\"a cat\"}"), 400, "model_not_found");
	}

	@Test
	void blockedWordIsAContentPolicyViolation() {
		assertError(generate("{\"model\":\"epithre-iris\",\"prompt\":\"A DeepFake of a minister\"}"), 400,
				"content_policy_violation");
		String source = Base64.getEncoder().encodeToString(ImagesEndpoint.png(16, 16));
		assertError(edit("{\"model\":\"epithre-iris\",\"prompt\":\"make a deepfake\",\"image\":\"" + source
				+ "\"}"), 400, "content_policy_violation");
	}

	@Test
	void missingKeyIsUnauthenticated() {
		assertError(post(this.server, ImagesEndpoint.GENERATIONS_PATH,
				"{\"model\":\"epithre-iris\",\"prompt\":\"a cat\"}"), 401, "authentication_error");
	}

	@Test
	void bodyOver50MegabytesIsTooLarge() {
		String image = "A".repeat(50 * 1024 * 1024);
		assertError(edit("{\"model\":\"epithre-iris\",\"prompt\":\"blue\",\"image\":\"" + image + "\"}"), 413,
				"request_too_large");
	}

	private HttpResponse<String> generate(String body) {
		return post(this.server, ImagesEndpoint.GENERATIONS_PATH, body, "Authorization", "Bearer " + KEY);
	}

	private HttpResponse<String> edit(String body) {
		return post(this.server, ImagesEndpoint.EDITS_PATH, body, "Authorization", "Bearer " + KEY);
	}

}
