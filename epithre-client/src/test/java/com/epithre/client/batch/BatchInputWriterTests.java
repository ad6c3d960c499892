package com.epithre.client.batch;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.rerank.RerankRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BatchInputWriterTests {

	@Test
	void writesOneDocumentedLinePerRequest() {
		BatchInputWriter writer = BatchInputWriter.embeddings()
			.add("doc-001", EmbeddingRequest.of("text 1"))
			.add("doc-002", EmbeddingRequest.of("text 2", "text 3"));
		assertThat(writer.toJsonl()).isEqualTo(
				"{\"custom_id\":\"doc-001\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":"
						+ "\"epithre-embed\",\"input\":[\"text 1\"]}}\n"
						+ "{\"custom_id\":\"doc-002\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":"
						+ "\"epithre-embed\",\"input\":[\"text 2\",\"text 3\"]}}\n");
		assertThat(writer.customIds()).containsExactly("doc-001", "doc-002");
		assertThat(writer.endpoint()).isEqualTo(BatchEndpoint.EMBEDDINGS);
		assertThat(writer.toResource("in.jsonl").getFilename()).isEqualTo("in.jsonl");
	}

	@Test
	void repeatedCustomIdIsRejected() {
		BatchInputWriter writer = BatchInputWriter.embeddings().add("a", EmbeddingRequest.of("x"));
		assertThatIllegalArgumentException().isThrownBy(() -> writer.add("a", EmbeddingRequest.of("y")))
			.withMessageContaining("custom_id 'a' is already used");
		assertThat(writer.toJsonl().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
	}

	@Test
	void requestForAnotherEndpointIsRejected() {
		BatchInputWriter writer = BatchInputWriter.embeddings();
		ChatCompletionRequest chat = ChatCompletionRequest.builder("epithre-omni").user("halo").build();
		assertThatIllegalArgumentException().isThrownBy(() -> writer.add("c", chat))
			.withMessageContaining("/v1/embeddings")
			.withMessageContaining("docs/epithre-api.md, batches");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> writer.add("r", RerankRequest.builder("q").documents("d").build()))
			.withMessageContaining("'r' is for /v1/rerank");
	}

	@Test
	void emptyCustomIdAndEmptyFileAreRejected() {
		BatchInputWriter writer = BatchInputWriter.chatCompletions();
		assertThatIllegalArgumentException().isThrownBy(() -> writer.add(" ", ChatCompletionRequest
			.builder("epithre-omni").user("halo").build())).withMessageContaining("custom_id");
		assertThatIllegalStateException().isThrownBy(writer::toJsonl).withMessageContaining("at least one line");
	}

	@Test
	void createRequestAcceptsOnlyDocumentedEndpointsAndWindow() {
		assertThatIllegalArgumentException().isThrownBy(() -> BatchCreateRequest.builder("file-a", "/v1/images")
			.build()).withMessageContaining("docs/epithre-api.md, batches");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BatchCreateRequest.builder("file-a", BatchEndpoint.RERANK).completionWindow("1h").build())
			.withMessageContaining("24h");
		assertThat(BatchCreateRequest.builder("file-a", BatchEndpoint.RERANK).metadata("job", "n").build().metadata())
			.containsEntry("job", "n");
		assertThat(List.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.CANCELLED, BatchStatus.EXPIRED))
			.allMatch(BatchStatus::isTerminal);
		assertThat(List.of(BatchStatus.VALIDATING, BatchStatus.FINALIZING, "paused_for_review"))
			.noneMatch(BatchStatus::isTerminal);
	}

}
