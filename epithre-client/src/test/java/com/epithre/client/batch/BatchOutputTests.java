package com.epithre.client.batch;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.epithre.client.embedding.EmbeddingResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BatchOutputTests {

	private static final String OUTPUT = """
			{"id":"r2","custom_id":"b","response":{"status_code":200,"request_id":"req_2","body":{"object":"list","model":"epithre-embed","data":[{"object":"embedding","index":0,"embedding":[0.5,0.25]}],"usage":{"prompt_tokens":1,"total_tokens":1}}},"error":null}

			{"id":"r1","custom_id":"a","response":{"status_code":200,"request_id":"req_1","body":{"object":"list","model":"epithre-embed","data":[{"object":"embedding","index":0,"embedding":[1.0,0.0]}],"usage":{"prompt_tokens":1,"total_tokens":1}}},"error":null}
			{"id":"r3","custom_id":"c","response":null,"error":{"code":"invalid_request_error","message":"bad"}}
			""";

	@Test
	void resultsAreJoinedOnCustomIdNotLineOrder() {
		BatchOutput output = BatchOutput.parse(OUTPUT.getBytes(StandardCharsets.UTF_8));
		assertThat(output.customIds()).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(output.body("a", EmbeddingResponse.class).vector(0)).containsExactly(1.0f, 0.0f);
		assertThat(output.body("b", EmbeddingResponse.class).vector(0)).containsExactly(0.5f, 0.25f);
		assertThat(output.bodies(EmbeddingResponse.class)).containsOnlyKeys("a", "b");
		assertThat(output.result("a").succeeded()).isTrue();
		assertThat(output.result("a").requestId()).isEqualTo("req_1");
		assertThat(output.result("c").succeeded()).isFalse();
		assertThat(output.result("c").errorMessage()).isEqualTo("bad");
		assertThat(output.body("c", EmbeddingResponse.class)).isNull();
		assertThat(output.result("missing")).isNull();
	}

	@Test
	void everyKindOfErrorIsAFailureWithWhatItSaidAndOddLinesStillRead() {
		String output = "\uFEFF{\"custom_id\":\"a\",\"response\":{\"status_code\":200},\"error\":{\"type\":\"server_error\"}}\r"
				+ "{\"custom_id\":\"b\",\"response\":null,\"error\":\"boom\"}\r"
				+ "{\"custom_id\":{\"n\":1},\"response\":{\"status_code\":200}}";
		BatchOutput parsed = BatchOutput.parse(output.getBytes(StandardCharsets.UTF_8));
		assertThat(parsed.customIds()).containsExactly("a", "b", "{\"n\":1}");
		assertThat(parsed.result("a").succeeded()).isFalse();
		assertThat(parsed.result("a").errorCode()).isEqualTo("server_error");
		assertThat(parsed.result("b").succeeded()).isFalse();
		assertThat(parsed.result("b").errorMessage()).isEqualTo("boom");
		assertThat(parsed.result("{\"n\":1}").succeeded()).isTrue();
	}

	@Test
	void repeatedOrMissingCustomIdIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BatchOutput.parse("{\"custom_id\":\"a\"}\n{\"custom_id\":\"a\"}".getBytes(
					StandardCharsets.UTF_8)))
			.withMessageContaining("repeats custom_id 'a'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BatchOutput.parse("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("no custom_id");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BatchOutput.parse("not json".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("line 1 is not JSON");
	}

}
