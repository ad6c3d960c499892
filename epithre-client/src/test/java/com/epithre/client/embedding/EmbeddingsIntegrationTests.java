package com.epithre.client.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.error.EpithreInvalidResponseException;
import com.epithre.client.error.EpithreUnprocessableException;
import com.epithre.test.FakeEmbeddings;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EmbeddingsIntegrationTests {

	static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10 };

	private static final String PNG_BASE64 = Base64.getEncoder().encodeToString(PNG);

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EmbeddingService embeddings = client(this.server).embeddings();

	static EpithreClient client(FakeEpithreServer server) {
		EpithreClientSettings settings = EpithreClientSettings.defaults().withBaseUrl(server.baseUrl()).withApiKey(KEY);
		return EpithreClient.builder(WebClient.builder()).settings(settings).build();
	}

	@Test
	void textsAreSentAsAStringArrayAndVectorsDecodedWithTheirLength() {
		EmbeddingRequest request = EmbeddingRequest.builder()
			.texts(List.of("satu", "dua tiga"))
			.dimensions(16)
			.instruction("Represent this query for retrieving relevant documents:")
			.truncate(Truncate.START)
			.build();
		StepVerifier.create(this.embeddings.create(request)).assertNext((response) -> {
			assertThat(response.model()).isEqualTo("epithre-embed");
			assertThat(response.data()).extracting(Embedding::index).containsExactly(0, 1);
			assertThat(response.data()).allSatisfy((embedding) -> assertThat(embedding.dimensions()).isEqualTo(16));
			assertThat(response.vector(1)).containsExactly(
					FakeEmbeddings.text("dua tiga", "Represent this query for retrieving relevant documents:", 16));
			assertThat(response.usage()).isEqualTo(new EmbeddingUsage(3, 3, 0));
		}).expectComplete().verify(Duration.ofSeconds(10));
		RecordedRequest recorded = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(recorded.path()).isEqualTo("/v1/embeddings");
		assertThat(recorded.header("Authorization")).isEqualTo("Bearer " + KEY);
		assertThat(recorded.jsonBody()).containsExactlyInAnyOrderEntriesOf(Map.of("model", "epithre-embed", "input",
				List.of("satu", "dua tiga"), "dimensions", 16, "instruction",
				"Represent this query for retrieving relevant documents:", "truncate", "START"));
	}

	@Test
	void theThreeImageShapesAndExtraBodyAreWrittenAsDocumented() {
		EmbeddingRequest request = EmbeddingRequest.builder()
			.text("teks")
			.image(PNG, "image/png")
			.input(EmbeddingInput.imageBase64(PNG_BASE64))
			.input(EmbeddingInput.imageUrl("data:image/png;base64," + PNG_BASE64))
			.dimensions(4)
			.extraBody("user", "u-1")
			.build();
		StepVerifier.create(this.embeddings.create(request))
			.assertNext((response) -> assertThat(response.vector(2))
				.containsExactly(FakeEmbeddings.image(PNG_BASE64, 4)))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		Map<String, Object> body = this.server.takeRequest(Duration.ofSeconds(5)).jsonBody();
		assertThat(body).containsEntry("user", "u-1").doesNotContainKey("extraBody");
		assertThat(body.get("input")).isEqualTo(List.of("teks",
				Map.of("type", "image", "image_url", "data:image/png;base64," + PNG_BASE64),
				Map.of("type", "image", "image", PNG_BASE64),
				Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64," + PNG_BASE64))));
	}

	@Test
	void vectorLengthComesFromTheResponse() {
		this.server.enqueue(FakeResponse.json(200, "{\"object\":\"list\",\"model\":\"epithre-embed\",\"data\":["
				+ "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.6,0.8]},"
				+ "{\"object\":\"embedding\",\"index\":0,\"embedding\":[1.0,0.0,0.0]}],"
				+ "\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}"));
		StepVerifier.create(this.embeddings.create(EmbeddingRequest.of("a", "b"))).assertNext((response) -> {
			assertThat(response.data()).extracting(Embedding::index).containsExactly(0, 1);
			assertThat(response.vector(0)).containsExactly(1.0f, 0.0f, 0.0f);
			assertThat(response.vector(1)).containsExactly(0.6f, 0.8f);
			assertThat(response.usage().truncatedCount()).isNull();
		}).expectComplete().verify(Duration.ofSeconds(10));
	}

	@Test
	void entryWithoutIndexIsTheOneAtItsPositionInData() {
		this.server.enqueue(FakeResponse.json(200, "{\"object\":\"list\",\"model\":\"epithre-embed\",\"data\":["
				+ "{\"object\":\"embedding\",\"embedding\":[0.6,0.8]},"
				+ "{\"object\":\"embedding\",\"embedding\":[1.0,0.0]}],"
				+ "\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}"));
		StepVerifier.create(this.embeddings.create(EmbeddingRequest.of("a", "b"))).assertNext((response) -> {
			assertThat(response.data()).extracting(Embedding::index).containsExactly(0, 1);
			assertThat(response.vector(0)).containsExactly(0.6f, 0.8f);
			assertThat(response.vector(1)).containsExactly(1.0f, 0.0f);
		}).expectComplete().verify(Duration.ofSeconds(10));
	}

	@Test
	void oneVectorForTwoInputsFailsNamingTheExpectedCountAndTheMissingIndex() {
		this.server.enqueue(FakeResponse.json(200, "{\"object\":\"list\",\"model\":\"epithre-embed\",\"data\":["
				+ "{\"object\":\"embedding\",\"index\":0,\"embedding\":[1.0,0.0]}]}"));
		StepVerifier.create(this.embeddings.create(EmbeddingRequest.of("a", "b")))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreInvalidResponseException.class)
				.hasMessageContaining("returned 1 embedding for 2 inputs")
				.hasMessageContaining("missing index 1")
				.satisfies((invalid) -> assertThat(((EpithreInvalidResponseException) invalid).getRequestId())
					.isNotNull()
					.isEqualTo(this.server.takeRequest(Duration.ofSeconds(5)).requestId())))
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).as("an answer that does not fit is not retried").isOne();
	}

	@Test
	void twoEntriesWithTheSameIndexFailNamingTheDuplicate() {
		this.server.enqueue(FakeResponse.json(200, "{\"object\":\"list\",\"model\":\"epithre-embed\",\"data\":["
				+ "{\"object\":\"embedding\",\"index\":0,\"embedding\":[1.0,0.0]},"
				+ "{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.0,1.0]}]}"));
		StepVerifier.create(this.embeddings.create(EmbeddingRequest.of("a", "b")))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreInvalidResponseException.class)
				.hasMessageContaining("returned 2 embeddings for 2 inputs")
				.hasMessageContaining("duplicate index 0")
				.hasMessageContaining("missing index 1"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void partOfASplitRequestWithTheRightCountButAWrongIndexFailsTheWholeCall() {
		// the part holding only the 65th text gets one vector, but for index 5 instead of 0
		this.server.setDispatcher((recorded) -> (((List<?>) recorded.jsonBody().get("input")).size() != 1) ? null
				: FakeResponse.json(200, "{\"object\":\"list\",\"model\":\"epithre-embed\",\"data\":["
						+ "{\"object\":\"embedding\",\"index\":5,\"embedding\":[1.0,0.0]}]}"));
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 65; i++) {
			texts.add("teks nomor " + i);
		}
		StepVerifier.create(this.embeddings.create(EmbeddingRequest.builder().texts(texts).dimensions(2).build()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreInvalidResponseException.class)
				.hasMessageContaining("returned 1 embedding for 1 input")
				.hasMessageContaining("starting at input 64 of a split request")
				.hasMessageContaining("index out of range 0..0: 5")
				.hasMessageContaining("missing index 0"))
			.verify(Duration.ofSeconds(10));
		this.server.setDispatcher(null);
	}

	@Test
	void oneHundredFiftyTextsAreSplitIntoThreeRequestsAndJoinedInInputOrder() {
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			texts.add("teks nomor " + i);
		}
		EmbeddingRequest request = EmbeddingRequest.builder().texts(texts).dimensions(8).build();
		StepVerifier.create(this.embeddings.create(request)).assertNext((response) -> {
			assertThat(response.data()).hasSize(150);
			for (int i = 0; i < 150; i++) {
				assertThat(response.data().get(i).index()).isEqualTo(i);
				assertThat(response.vector(i)).containsExactly(FakeEmbeddings.text(texts.get(i), null, 8));
			}
			assertThat(response.usage()).isEqualTo(new EmbeddingUsage(450, 450, 0));
		}).expectComplete().verify(Duration.ofSeconds(10));
		List<Integer> sizes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Map<String, Object> body = this.server.takeRequest(Duration.ofSeconds(5)).jsonBody();
			assertThat(body).containsEntry("dimensions", 8);
			sizes.add(((List<?>) body.get("input")).size());
		}
		assertThat(sizes).containsExactlyInAnyOrder(64, 64, 22);
		assertThat(this.server.requestCount()).isEqualTo(3);
	}

	@Test
	void tenImagesAreSplitIntoTwoRequests() {
		EmbeddingRequest.Builder builder = EmbeddingRequest.builder().dimensions(4);
		for (int i = 0; i < 10; i++) {
			builder.image(new byte[] { (byte) 0x89, 'P', 'N', 'G', (byte) i }, "image/png");
		}
		StepVerifier.create(this.embeddings.create(builder.build())).assertNext((response) -> {
			assertThat(response.data()).extracting(Embedding::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
			String ninth = Base64.getEncoder().encodeToString(new byte[] { (byte) 0x89, 'P', 'N', 'G', 9 });
			assertThat(response.vector(9)).containsExactly(FakeEmbeddings.image(ninth, 4));
		}).expectComplete().verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void mixedInputSplitsOnWhicheverLimitIsReachedFirstAndSumsTruncation() {
		EmbeddingRequest.Builder builder = EmbeddingRequest.builder().dimensions(4);
		List<EmbeddingInput> inputs = new ArrayList<>();
		for (int i = 0; i < 70; i++) {
			inputs.add(EmbeddingInput.text((i % 10 == 0) ? "x".repeat(10_001) : "teks " + i));
			if (i % 7 == 0) {
				inputs.add(EmbeddingInput.imageBase64(PNG_BASE64));
			}
		}
		EmbeddingRequest request = builder.inputs(inputs).build();
		StepVerifier.create(this.embeddings.create(request)).assertNext((response) -> {
			assertThat(response.data()).hasSize(80);
			assertThat(response.vector(0)).containsExactly(FakeEmbeddings.text("x".repeat(10_000), null, 4));
			assertThat(response.vector(1)).containsExactly(FakeEmbeddings.image(PNG_BASE64, 4));
			assertThat(response.vector(79)).containsExactly(FakeEmbeddings.text("teks 69", null, 4));
			assertThat(response.usage().truncatedCount()).isEqualTo(7);
		}).expectComplete().verify(Duration.ofSeconds(10));
		// 70 texts and 10 images: the 9th image or the 65th text closes the first request
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void failingPartFailsTheWholeCall() {
		this.server.enqueue(FakeResponse.error(422, "invalid_request_error", "invalid_request_error",
				"content rejected by the vector store"));
		StepVerifier.create(this.embeddings.create(EmbeddingRequest.of("a")))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreUnprocessableException.class)
				.hasMessageContaining("vector store"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void instructionWithAnImageIsRefusedLocally() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddingRequest.builder()
				.instruction("Represent:")
				.text("a")
				.image(PNG, "image/png")
				.build())
			.withMessageContaining("instruction cannot be combined with image input")
			.withMessageContaining("422")
			.withMessageContaining("docs/epithre-api.md, embeddings");
	}

	@Test
	void dimensionsOutsideOneTo4000AreRefusedLocally() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddingRequest.builder().text("a").dimensions(0).build())
			.withMessageContaining("between 1 and 4000")
			.withMessageContaining("docs/epithre-api.md, embeddings");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddingRequest.builder().text("a").dimensions(4001).build())
			.withMessageContaining("was 4001");
	}

	@Test
	void overlongTextIsRefusedLocallyOnlyWithTruncateNone() {
		String longText = "a".repeat(10_001);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddingRequest.builder().text(longText).truncate(Truncate.NONE).build())
			.withMessageContaining("10,000-character limit with truncate NONE");
		assertThat(EmbeddingRequest.builder().text(longText).build().input()).hasSize(1);
	}

	@Test
	void imageOver20MegabytesIsRefusedLocally() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddingInput.image(new byte[20 * 1024 * 1024 + 1], "image/png"))
			.withMessageContaining("20 MB per-image limit");
		String base64 = "A".repeat(28 * 1024 * 1024);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddingRequest.builder().input(EmbeddingInput.imageBase64(base64)).build())
			.withMessageContaining("20 MB per-image limit");
	}

	@Test
	void emptyInputIsRefusedLocally() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddingRequest.builder().build())
			.withMessageContaining("input must not be empty");
	}

	@Test
	void encodingFormatOtherThanFloatIsRefusedLocally() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddingRequest.builder().text("a").extraBody("encoding_format", "base64").build())
			.withMessageContaining("encoding_format base64 is not supported")
			.withMessageContaining("\"float\"");
		assertThat(EmbeddingRequest.builder().text("a").extraBody("encoding_format", "float").build().extraBody())
			.containsEntry("encoding_format", "float");
	}

	@Test
	void truncateOtherThanEndStartOrNoneIsRefusedLocally() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddingRequest.builder().text("a").truncate("MIDDLE").build())
			.withMessageContaining("truncate must be END, START or NONE")
			.withMessageContaining("was MIDDLE");
		assertThat(EmbeddingRequest.builder().text("a").truncate("start").build().truncate()).isEqualTo(Truncate.START);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddingRequest.builder().text("a".repeat(10_001)).truncate("none").build())
			.withMessageContaining("10,000-character limit with truncate NONE");
	}

}
