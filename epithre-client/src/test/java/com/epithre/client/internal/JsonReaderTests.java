package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.Usage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonReader} reads through a copy of the application's mapper with {@link DirectCreators} added: the
 * application's modules and features apply to its own types and to the client's records alike.
 */
class JsonReaderTests {

	private static final String CHUNK = "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"halo\"}}],"
			+ "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}";

	@Test
	void theApplicationsModulesApplyToTheWireRecords() {
		SimpleModule totals = new SimpleModule().addDeserializer(Usage.class, new TotalsFilledIn());
		JsonReader json = json(JsonMapper.builder().addModule(totals).build());
		ChatCompletionChunk chunk = json.read(CHUNK.getBytes(StandardCharsets.UTF_8), ChatCompletionChunk.class);
		assertThat(chunk.text()).isEqualTo("halo");
		assertThat(chunk.usage()).isNotNull();
		assertThat(chunk.usage().totalTokens()).as("filled in by the application's deserializer").isEqualTo(7);
		assertThat(json(JsonMapper.builder().build())
			.read(CHUNK.getBytes(StandardCharsets.UTF_8), ChatCompletionChunk.class)
			.usage()
			.totalTokens()).as("without that module").isNull();
	}

	@Test
	void theApplicationsFeaturesApplyToItsOwnTypesAndToTheWireRecords() {
		JsonReader json = json(JsonMapper.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES).build());
		assertThat(json.read("{\"CITY\":\"Jakarta\"}", Weather.class).city()).isEqualTo("Jakarta");
		assertThat(json.read("{\"Choices\":[{\"Index\":0,\"Delta\":{\"Content\":\"halo\"}}]}", ChatCompletionChunk.class)
			.text()).isEqualTo("halo");
		JsonReader strict = json(JsonMapper.builder().build());
		assertThat(strict.read("{\"CITY\":\"Jakarta\"}", Weather.class).city()).isNull();
	}

	@Test
	void readsTheSameValuesAsTheApplicationsMapper() {
		JsonMapper mapper = JsonMapper.builder().build();
		byte[] bytes = CHUNK.getBytes(StandardCharsets.UTF_8);
		assertThat(json(mapper).read(bytes, ChatCompletionChunk.class))
			.isEqualTo(mapper.readValue(bytes, ChatCompletionChunk.class));
	}

	private static JsonReader json(JsonMapper mapper) {
		return JsonReader.from(ExchangeStrategies.builder()
			.codecs((codecs) -> codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(mapper)))
			.build());
	}

	/** An application's type. */
	record Weather(String city) {
	}

	/** An application's deserializer for one of the wire records. */
	private static final class TotalsFilledIn extends ValueDeserializer<Usage> {

		@Override
		public Usage deserialize(JsonParser parser, DeserializationContext context) {
			JsonNode node = context.readTree(parser);
			int prompt = node.path("prompt_tokens").asInt();
			int completion = node.path("completion_tokens").asInt();
			return new Usage(prompt, completion, prompt + completion, null, null, null);
		}

	}

}
