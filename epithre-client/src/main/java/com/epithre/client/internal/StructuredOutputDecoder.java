package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

import org.springframework.util.Assert;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.FinishReason;
import com.epithre.client.error.EpithreInvalidOutputException;
import com.epithre.client.error.EpithreOutputTruncatedException;

/**
 * Decodes the text of a structured-output answer (docs/epithre-api.md, structured output) into a type with the
 * application's JSON
 * mapper: the client's {@link JsonReader}, or a Jackson {@link ObjectMapper}. An answer that stopped with
 * {@code finish_reason: length} is reported as running out of tokens, before any parsing; text that does not decode
 * is reported with its start.
 *
 * @since 0.1.0
 */
final class StructuredOutputDecoder {

	/** Characters of the answer quoted in an error message. */
	static final int SNIPPET_LENGTH = 200;

	private StructuredOutputDecoder() {
	}

	/**
	 * Decode an answer with the client's JSON reader.
	 * @param <T> the type
	 * @param completion the answer
	 * @param type the record or class the schema was generated from
	 * @param reader the client's reader
	 * @return the value
	 * @throws EpithreOutputTruncatedException when the answer ran out of tokens
	 * @throws EpithreInvalidOutputException when the text is not JSON of the type
	 */
	public static <T> T decode(ChatCompletion completion, Class<T> type, JsonReader reader) {
		Assert.notNull(reader, "reader must not be null");
		return decode(completion, type, (text) -> reader.read(text.getBytes(StandardCharsets.UTF_8),
				type));
	}

	/**
	 * Decode an answer with a Jackson mapper, such as the application's {@code JsonMapper} bean.
	 * @param <T> the type
	 * @param completion the answer
	 * @param type the record or class the schema was generated from
	 * @param mapper the mapper
	 * @return the value
	 * @throws EpithreOutputTruncatedException when the answer ran out of tokens
	 * @throws EpithreInvalidOutputException when the text is not JSON of the type
	 */
	public static <T> T decode(ChatCompletion completion, Class<T> type, ObjectMapper mapper) {
		Assert.notNull(mapper, "mapper must not be null");
		return decode(completion, type, (text) -> mapper.readValue(text, type));
	}

	private static <T> T decode(ChatCompletion completion, Class<T> type, Function<String, @Nullable T> read) {
		Assert.notNull(completion, "completion must not be null");
		Assert.notNull(type, "type must not be null");
		String text = completion.text();
		String requestId = completion.id();
		if (FinishReason.LENGTH.equals(completion.finishReason())) {
			throw new EpithreOutputTruncatedException("The structured answer for " + type.getSimpleName()
					+ " ran out of tokens (finish_reason: length) after " + text.length()
					+ " characters: raise max_tokens, simplify the schema, or use json_object with lenient "
					+ "validation (docs/epithre-api.md, structured output)", text, requestId);
		}
		if (text.isBlank()) {
			throw new EpithreInvalidOutputException("The structured answer for " + type.getSimpleName()
					+ " is empty (finish_reason: " + completion.finishReason() + ")", text, requestId, null);
		}
		T value;
		try {
			value = read.apply(text);
		}
		catch (RuntimeException ex) {
			throw new EpithreInvalidOutputException("The structured answer is not valid JSON for "
					+ type.getSimpleName() + " (docs/epithre-api.md, structured output): " + ex.getClass().getSimpleName()
					+ "; answer starts with: " + snippet(text), text, requestId, ex);
		}
		if (value == null) {
			throw new EpithreInvalidOutputException("The structured answer for " + type.getSimpleName()
					+ " is JSON null; answer starts with: " + snippet(text), text, requestId, null);
		}
		return value;
	}

	static String snippet(String text) {
		String trimmed = text.strip();
		return (trimmed.length() <= SNIPPET_LENGTH) ? trimmed : trimmed.substring(0, SNIPPET_LENGTH) + "...";
	}

}
