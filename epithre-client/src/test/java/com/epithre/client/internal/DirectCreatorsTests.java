package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionChunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link DirectCreators} changes how the client's records are created, not what is read: constructors and static
 * factories give the same values as Jackson's own call, and failures look the same.
 */
class DirectCreatorsTests {

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	private static final ObjectMapper DIRECT = PLAIN.rebuild().addModule(new DirectCreators()).build();

	@Test
	void recordConstructorsAndStaticFactoriesReadTheSameValues() {
		// ChatCompletionChunk has a canonical constructor, ChunkChoice and ChatChoice static @JsonCreator factories
		String chunk = "{\"id\":\"c1\",\"created\":1733000000,\"choices\":[{\"delta\":{\"content\":\"halo\","
				+ "\"tool_calls\":[{\"id\":\"t1\",\"function\":{\"name\":\"cuaca\",\"arguments\":\"{}\"}}]},"
				+ "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}";
		String completion = "{\"id\":\"c2\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"halo\"},"
				+ "\"finish_reason\":\"stop\"},{\"index\":1,\"message\":{\"role\":\"assistant\",\"refusal\":\"tidak\"}}]}";
		assertThat(read(DIRECT, chunk, ChatCompletionChunk.class)).isEqualTo(read(PLAIN, chunk, ChatCompletionChunk.class))
			.satisfies((read) -> assertThat(read.choices().get(0).index()).isZero());
		assertThat(read(DIRECT, completion, ChatCompletion.class))
			.isEqualTo(read(PLAIN, completion, ChatCompletion.class));
	}

	@Test
	void aCreatorThatThrowsFailsAsWithJacksonsOwnCall() {
		String json = "{\"name\":\"\"}";
		ValueInstantiationException direct = catchFailure(DIRECT, json);
		ValueInstantiationException plain = catchFailure(PLAIN, json);
		assertThat(direct.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessage("name is empty");
		assertThat(direct.getMessage()).isEqualTo(plain.getMessage());
		assertThat(direct.getCause().getStackTrace()).as("created through the module")
			.anyMatch((frame) -> frame.getClassName().equals(DirectCreators.class.getName() + "$Direct"));
		assertThat(plain.getCause().getStackTrace())
			.noneMatch((frame) -> frame.getClassName().equals(DirectCreators.class.getName() + "$Direct"));
	}

	@Test
	void recordsThatAreNotPublicReadToo() {
		assertThat(read(DIRECT, "{\"name\":\"x\"}", Hidden.class)).isEqualTo(new Hidden("x"));
	}

	private static <T> T read(ObjectMapper mapper, String json, Class<T> type) {
		return mapper.readValue(json.getBytes(StandardCharsets.UTF_8), type);
	}

	private static ValueInstantiationException catchFailure(ObjectMapper mapper, String json) {
		return catchThrowableOfType(ValueInstantiationException.class, () -> read(mapper, json, Named.class));
	}

	/** A record of the client's packages whose constructor checks its argument. */
	record Named(String name) {

		Named {
			if (name.isEmpty()) {
				throw new IllegalArgumentException("name is empty");
			}
		}

	}

	/** A package-private record of the client's packages. */
	record Hidden(String name) {
	}

}
