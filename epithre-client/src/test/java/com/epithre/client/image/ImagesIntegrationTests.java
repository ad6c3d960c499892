package com.epithre.client.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ImagesIntegrationTests {

	static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10 };

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final ImageService images = client(this.server).images();

	static EpithreClient client(FakeEpithreServer server) {
		EpithreClientSettings settings = EpithreClientSettings.defaults().withBaseUrl(server.baseUrl()).withApiKey(KEY);
		return EpithreClient.builder(WebClient.builder()).settings(settings).build();
	}

	@Test
	void generationSendsEveryExtensionFieldAndDecodesThePng() {
		ImageGenerationRequest request = ImageGenerationRequest.builder("a lighthouse at dusk")
			.size(64, 32)
			.n(1)
			.responseFormat(ImageGenerationRequest.B64_JSON)
			.numSteps(20)
			.seed(42L)
			.guidanceScale(1.5)
			.lora(Lora.ANIME)
			.loraStrength(0.8)
			.build();
		StepVerifier.create(this.images.generate(request)).assertNext((response) -> {
			assertThat(response.created()).isPositive();
			assertThat(response.data()).hasSize(1);
			byte[] png = response.image();
			assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE);
			assertThat(response.images()).singleElement().isEqualTo(png);
			BufferedImage image = read(png);
			assertThat(image.getWidth()).isEqualTo(64);
			assertThat(image.getHeight()).isEqualTo(32);
		}).expectComplete().verify(Duration.ofSeconds(10));
		RecordedRequest recorded = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(recorded.method()).isEqualTo("POST");
		assertThat(recorded.path()).isEqualTo("/v1/images/generations");
		assertThat(recorded.header("Authorization")).isEqualTo("Bearer " + KEY);
		assertThat(recorded.jsonBody()).containsExactlyInAnyOrderEntriesOf(Map.of("model", "epithre-iris", "prompt",
				"a lighthouse at dusk", "size", "64x32", "n", 1, "response_format", "b64_json", "num_steps", 20,
				"seed", 42, "guidance_scale", 1.5, "lora", "anime", "lora_strength", 0.8));
	}

	@Test
	void unsetFieldsAreLeftOutForTheServerDefaults() {
		StepVerifier.create(this.images.generate(ImageGenerationRequest.of("a cat")))
			.assertNext((response) -> assertThat(Arrays.copyOf(response.image(), 8)).isEqualTo(PNG_SIGNATURE))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.takeRequest(Duration.ofSeconds(5)).jsonBody())
			.containsExactlyInAnyOrderEntriesOf(Map.of("model", "epithre-iris", "prompt", "a cat"));
	}

	@Test
	void editSendsTheSourceImageAsBase64() throws IOException {
		byte[] source = ImageGenerationRequest.class.getResourceAsStream("/images/pixel.png").readAllBytes();
		StepVerifier.create(this.images.edit(ImageEditRequest.of("make it blue", source)))
			.assertNext((response) -> assertThat(Arrays.copyOf(response.image(), 8)).isEqualTo(PNG_SIGNATURE))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		RecordedRequest recorded = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(recorded.path()).isEqualTo("/v1/images/edits");
		assertThat(recorded.jsonBody()).containsExactlyInAnyOrderEntriesOf(Map.of("model", "epithre-iris", "prompt",
				"make it blue", "image", Base64.getEncoder().encodeToString(source)));
	}

	@Test
	void contentPolicyViolationIsATypedBadRequestSentOnce() {
		StepVerifier.create(this.images.generate(ImageGenerationRequest.of("a deepfake of a minister")))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(EpithreBadRequestException.class);
				EpithreBadRequestException error = (EpithreBadRequestException) ex;
				assertThat(error.getStatusCode()).isEqualTo(400);
				assertThat(error.getCode()).isEqualTo("content_policy_violation");
				assertThat(error.isRetryable()).isFalse();
			})
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void contentPolicyViolationWithAnUndocumentedStatusIsStillTypedAndNotRetried() {
		// docs/epithre-api.md, images and errors: status and type of content_policy_violation are assumed; accept
		// another 4xx shape
		this.server.enqueue(FakeResponse.error(422, "content_policy_error", "content_policy_violation", "refused"));
		StepVerifier.create(this.images.generate(ImageGenerationRequest.of("a portrait")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(EpithreApiException.class, (error) -> {
				assertThat(error.getCode()).isEqualTo("content_policy_violation");
				assertThat(error.isRetryable()).isFalse();
			}))
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void unknownModelIsModelNotFound() {
		ImageGenerationRequest request = ImageGenerationRequest.builder("a cat").model("epithre-omni").build();
		StepVerifier.create(this.images.generate(request))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(EpithreBadRequestException.class,
					(error) -> assertThat(error.getCode()).isEqualTo("model_not_found")))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void scriptedAnswerWithoutCreatedIsAccepted() {
		this.server.enqueue(FakeResponse.json(200, "{\"data\":[{\"b64_json\":\"iVBORw0KGgo=\"}]}"));
		StepVerifier.create(this.images.generate(ImageGenerationRequest.of("a cat"))).assertNext((response) -> {
			assertThat(response.created()).isNull();
			assertThat(response.createdAt()).isNull();
			assertThat(response.image()).isEqualTo(PNG_SIGNATURE);
		}).expectComplete().verify(Duration.ofSeconds(10));
	}

	@Test
	void documentedLimitsAreCheckedLocallyWithTheRuleNamed() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ImageGenerationRequest.builder("x").size(1024, 768).build())
			.withMessageContaining("960x960")
			.withMessageContaining("docs/epithre-api.md, images");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ImageGenerationRequest.builder("x").size(770, 768).build())
			.withMessageContaining("multiple of 16")
			.withMessageContaining("768x768");
		assertThatIllegalArgumentException().isThrownBy(() -> ImageGenerationRequest.builder("x").size("768").build())
			.withMessageContaining("WxH");
		assertThatIllegalArgumentException().isThrownBy(() -> ImageGenerationRequest.builder("x").n(2).build())
			.withMessageContaining("n must be 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ImageGenerationRequest.builder("x").responseFormat("url").build())
			.withMessageContaining("b64_json");
		assertThatIllegalArgumentException().isThrownBy(() -> ImageGenerationRequest.builder("x").numSteps(0).build())
			.withMessageContaining("1 and 50");
		assertThatIllegalArgumentException().isThrownBy(() -> ImageGenerationRequest.builder("x").numSteps(51).build())
			.withMessageContaining("1 and 50");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ImageGenerationRequest.builder("x").loraStrength(1.6).build())
			.withMessageContaining("0.0 and 1.5");
		assertThatIllegalArgumentException().isThrownBy(() -> ImageGenerationRequest.of("x".repeat(2001)))
			.withMessageContaining("2,000");
		assertThatIllegalArgumentException().isThrownBy(() -> ImageEditRequest.of("edit", new byte[0]))
			.withMessageContaining("one source image");
		assertThat(ImageGenerationRequest.builder("x").size(960, 16).seed(-1L).loraStrength(1.5).build().size())
			.isEqualTo("960x16");
		assertThat(this.server.requestCount()).isZero();
	}

	private static BufferedImage read(byte[] png) {
		try {
			return ImageIO.read(new ByteArrayInputStream(png));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
