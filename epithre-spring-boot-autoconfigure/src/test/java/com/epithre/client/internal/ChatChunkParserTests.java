package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.ExchangeStrategies;

import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatDelta;
import com.epithre.client.chat.ChunkChoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ChatChunkParser} against Jackson, which reads every event the parser leaves alone: whatever the parser
 * returns must be exactly what Jackson reads from the same bytes, and the shapes of ordinary text chunks must not be
 * left to Jackson.
 */
class ChatChunkParserTests {

	private static final JsonReader JACKSON = JsonReader.from(ExchangeStrategies.withDefaults());

	private static final JsonMapper MAPPER = JsonMapper.shared();

	private static final String WHITESPACE = " \t\r\n";

	private static final String MUTATIONS = "{}[]:,\"\\0123456789.eE+-ntfu \u00e9\u00ff\u0001";

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"epithre-lyt\","
					+ "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
			"{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"},\"finish_reason\":null}]}",
			"{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}",
			"{\"choices\":[]}", "{}", "{\"choices\":null,\"created\":null,\"id\":null}",
			"{\"choices\":[{\"index\":1,\"delta\":null},{\"index\":0,\"delta\":{\"reasoning_content\":\"hm\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\",\"tool_calls\":null}}]}",
			" {\n\t\"choices\" : [ { \"index\" : 0 , \"delta\" : { \"content\" : \"spaced\" } } ] }\r\n",
			"{\"created\":-0,\"choices\":[{\"index\":-3,\"delta\":{\"content\":\"-\"}}]}",
			"{\"system_fingerprint\":\"fp_1\",\"choices\":[{\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":-0.25e-2,"
					+ "\"top\":[1,2.5,true,false,null,[],{}]}]},\"index\":0,\"delta\":{\"content\":\"a\",\"x\":[]}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\u00e9 \u6f22\u5b57 \ud83c\uddee\ud83c\udde9\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"q\\\"b\\\\s\\/n\\nr\\rt\\tb\\bf\\f\\u00e9\\u6F22\\ud83d\\ude00\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\ud800 lone\"}}]}",
			"{\"id\":\"\u00e9t\u00e9\",\"model\":\"m\\u0031\",\"choices\":[{\"index\":0,\"finish_reason\":\"length\"}]}" })
	void readsTextChunksExactlyAsJacksonDoes(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		ChatCompletionChunk parsed = new ChatChunkParser().parse(bytes, 0, bytes.length);
		assertThat(parsed).isNotNull().isEqualTo(jackson(bytes));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\"}]}}]}",
			"{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}",
			"{\"error\":{\"message\":\"busy\",\"code\":\"backend_busy\"}}", "{\"\\u0069d\":\"escaped name\"}",
			"{\"id\":\"a\",\"id\":\"b\"}", "{\"created\":1.5}", "{\"created\":1e3}", "{\"created\":\"17\"}",
			"{\"created\":0123}", "{\"created\":1234567890123456789}", "{\"choices\":[{\"index\":null}]}", "{\"choices\":[{\"delta\":{\"content\":\"no index\"}}]}",
			"{\"choices\":[null]}", "{\"choices\":[{\"index\":0,\"delta\":{\"content\":12}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"raw\ttab\"}}]}", "{\"choices\":[]} trailing",
			"{\"choices\":[]", "[]", "", "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\x\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\u12G4\"}}]}", "{\"choices\":[],}", "{\"a\":tru}",
			"{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":1e}", "{'id':'x'}" })
	void leavesEverythingElseToJackson(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		assertThat(new ChatChunkParser().parse(bytes, 0, bytes.length)).isNull();
	}

	@Test
	void leavesInvalidUtf8ToJackson() {
		byte[] prefix = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a".getBytes(StandardCharsets.UTF_8);
		byte[] suffix = "\"}}]}".getBytes(StandardCharsets.UTF_8);
		for (byte[] invalid : List.of(new byte[] { (byte) 0xC3 }, new byte[] { (byte) 0xFF },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xC0, (byte) 0xAF })) {
			byte[] json = new byte[prefix.length + invalid.length + suffix.length];
			System.arraycopy(prefix, 0, json, 0, prefix.length);
			System.arraycopy(invalid, 0, json, prefix.length, invalid.length);
			System.arraycopy(suffix, 0, json, prefix.length + invalid.length, suffix.length);
			assertThat(new ChatChunkParser().parse(json, 0, json.length)).isNull();
		}
	}

	@Test
	void readsOnlyTheGivenRange() {
		byte[] bytes = "xx{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"in\"}}]}{garbage".getBytes(StandardCharsets.UTF_8);
		ChatCompletionChunk parsed = new ChatChunkParser().parse(bytes, 2, bytes.length - 2 - "{garbage".length());
		assertThat(parsed).isNotNull();
		assertThat(parsed.text()).isEqualTo("in");
	}

	@Test
	void sharesRepeatedStringsWithinAStreamOnly() {
		ChatChunkParser parser = new ChatChunkParser();
		ChatCompletionChunk first = parse(parser, "{\"id\":\"chatcmpl-9\",\"model\":\"epithre-lyt\",\"choices\":[]}");
		ChatCompletionChunk second = parse(parser, "{\"id\":\"chatcmpl-9\",\"model\":\"epithre-lyt\",\"choices\":[]}");
		ChatCompletionChunk third = parse(parser, "{\"id\":\"chatcmpl-8\",\"model\":\"epithre-lyt\",\"choices\":[]}");
		assertThat(second.id()).isSameAs(first.id());
		assertThat(second.model()).isSameAs(first.model());
		assertThat(third.id()).isEqualTo("chatcmpl-8");
		assertThat(third.model()).isSameAs(first.model());
	}

	@Test
	void chunksThatRepeatTheEnvelopeOfTheLastReadExactlyAsJacksonDoes() {
		ChatChunkParser parser = new ChatChunkParser();
		String envelope = "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
				+ "\"model\":\"epithre-lyt\",\"choices\":[{\"index\":0,\"delta\":{%s},\"finish_reason\":%s}]}";
		// each line read after the one before it: same envelope with new text, and every way out of that shape
		List<String> stream = List.of(String.format(envelope, "\"role\":\"assistant\",\"content\":\"\"", "null"),
				String.format(envelope, "\"role\":\"assistant\",\"content\":\"Hello\"", "null"),
				String.format(envelope, "\"role\":\"assistant\",\"content\":\" world, \\\"quoted\\\"\"", "null"),
				String.format(envelope, "\"role\":\"assistant\",\"content\":\" caf\u00e9\"", "null"),
				String.format(envelope, "\"role\":\"assistant\",\"content\":\"\\n\"", "null"),
				String.format(envelope, "\"content\":\"no role\"", "null"),
				String.format(envelope, "\"content\":\"still no role\"", "null"),
				String.format(envelope, "\"content\":\"a\\u0022b\"", "null"),
				String.format(envelope, "\"content\":null", "null"),
				String.format(envelope, "\"content\":\"after null\"", "null"),
				String.format(envelope, "\"content\":\"x\",\"reasoning_content\":\"why\"", "null"),
				String.format(envelope, "\"content\":\"y\",\"reasoning_content\":\"why\"", "null"),
				String.format(envelope, "\"content\":\"z\",\"reasoning_content\":\"other\"", "null"),
				String.format(envelope, "\"content\":\"}]}\"", "null"),
				String.format(envelope, "\"content\":\"done\"", "\"stop\""),
				String.format(envelope, "\"content\":\"again\"", "\"stop\""),
				String.format(envelope, "\"content\":\"\"", "\"stop\""),
				String.format(envelope, "\"content\":\"tail\"", "\"stop\"") + " ",
				String.format(envelope, "\"content\":\"tail\"", "\"stop\"").replace("}]}", "}]"),
				String.format(envelope, "\"content\":\"tail\"", "\"stop\"").replace("\"tail\"", "\"ta\"il\""));
		int read = 0;
		for (String line : stream) {
			byte[] json = line.getBytes(StandardCharsets.UTF_8);
			ChatCompletionChunk parsed = parser.parse(json, 0, json.length);
			if (parsed != null) {
				read++;
				assertThat(parsed).as(line).isEqualTo(jackson(json));
			}
			else {
				assertThatThrownBy(() -> jackson(json)).as(line).isNotNull();
			}
		}
		assertThat(read).isEqualTo(stream.size() - 2);
	}

	@Test
	void agreesWithJacksonOnRandomChunksAndReadsEveryTextChunk() {
		ChatChunkParser parser = new ChatChunkParser();
		int read = 0;
		for (int seed = 0; seed < 300; seed++) {
			Random random = new Random(seed);
			for (ChatCompletionChunk chunk : RandomChunks.chunks(random)) {
				byte[] json = respace(withUnknownMembers(MAPPER.writeValueAsString(chunk), random), random);
				ChatCompletionChunk parsed = parser.parse(json, 0, json.length);
				boolean textOnly = chunk.usage() == null
						&& chunk.choices().stream().noneMatch((choice) -> choice.delta() != null
								&& choice.delta().toolCalls() != null);
				assertThat(parsed != null).as("seed %d: %s", seed, utf8(json)).isEqualTo(textOnly);
				if (parsed != null) {
					read++;
					assertThat(parsed).as("seed %d: %s", seed, utf8(json)).isEqualTo(jackson(json)).isEqualTo(chunk);
				}
			}
		}
		assertThat(read).isGreaterThan(1000);
	}

	@Test
	void neverReadsWhatJacksonWouldReadOtherwiseOrRefuse() {
		ChatChunkParser parser = new ChatChunkParser();
		int read = 0;
		for (int seed = 0; seed < 20_000; seed++) {
			Random random = new Random(seed);
			byte[] json = mutate(MAPPER.writeValueAsBytes(textChunk(random)), random);
			ChatCompletionChunk parsed = parser.parse(json, 0, json.length);
			if (parsed != null) {
				read++;
				assertThat(parsed).as("seed %d: %s", seed, utf8(json)).isEqualTo(jackson(json));
			}
		}
		// most mutants are malformed; the rest must have been read and compared
		assertThat(read).isGreaterThan(500);
	}

	private static ChatCompletionChunk textChunk(Random random) {
		ChatDelta delta = new ChatDelta(random.nextBoolean() ? "assistant" : null,
				SseStreamFuzzTests.text(random, 12), null, random.nextBoolean() ? "r" : null);
		return new ChatCompletionChunk("chatcmpl-" + random.nextInt(100), "chat.completion.chunk",
				1_767_225_600L + random.nextInt(1000), "epithre-lyt",
				List.of(new ChunkChoice(random.nextInt(3), delta, random.nextBoolean() ? "stop" : null)), null);
	}

	/** One to three random edits: a byte changed, inserted or removed, or the end cut off. */
	private static byte[] mutate(byte[] json, Random random) {
		StringBuilder text = new StringBuilder(new String(json, StandardCharsets.ISO_8859_1));
		int edits = 1 + random.nextInt(3);
		for (int i = 0; i < edits && text.length() > 0; i++) {
			int at = random.nextInt(text.length());
			char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
			switch (random.nextInt(4)) {
				case 0 -> text.setCharAt(at, c);
				case 1 -> text.insert(at, c);
				case 2 -> text.deleteCharAt(at);
				default -> text.setLength(at);
			}
		}
		return text.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	private static String withUnknownMembers(String json, Random random) {
		String result = json;
		if (random.nextBoolean()) {
			result = "{\"system_fingerprint\":\"fp_" + random.nextInt(9) + "\",\"extra\":{\"a\":[1,-2.5e-3,true,null]},"
					+ result.substring(1);
		}
		if (random.nextBoolean()) {
			result = result.replace("{\"index\"", "{\"logprobs\":null,\"index\"");
		}
		if (random.nextBoolean()) {
			// unknown names that start with a known one are skipped, not taken for it
			result = "{\"idx\":\"x\",\"choices_meta\":[7],\"created_at\":3," + result.substring(1);
		}
		return result;
	}

	/** Random JSON whitespace after every structural character outside strings. */
	private static byte[] respace(String json, Random random) {
		StringBuilder out = new StringBuilder();
		boolean inString = false;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			out.append(c);
			if (inString) {
				if (c == '\\') {
					out.append(json.charAt(++i));
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (c == '"') {
				inString = true;
			}
			else if ("{}[]:,".indexOf(c) >= 0 && random.nextInt(4) == 0) {
				out.append(WHITESPACE.charAt(random.nextInt(WHITESPACE.length())));
			}
		}
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static ChatCompletionChunk parse(ChatChunkParser parser, String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		ChatCompletionChunk chunk = parser.parse(bytes, 0, bytes.length);
		assertThat(chunk).isNotNull();
		return chunk;
	}

	private static @Nullable ChatCompletionChunk jackson(byte[] json) {
		return JACKSON.read(json, ChatCompletionChunk.class);
	}

	private static String utf8(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
