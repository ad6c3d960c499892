package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.AbstractJacksonDecoder;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

/**
 * Reads JSON payloads that the client cut out of a body itself (SSE events, error envelopes) with the JSON codec the
 * application configured on its {@code WebClient}, so its Jackson settings apply. With a Jackson codec the payload
 * goes straight to a cached {@link ObjectReader}; any other JSON decoder is used through the {@link Decoder} contract.
 * <p>
 * It reads through a copy of the application's mapper ({@code rebuild()}: the same features, constraints, modules and
 * naming) with one module added, {@link DirectCreators}, which calls the constructors and factories of the client's own
 * records directly; the application's own types (structured output, tool arguments) read exactly as with its mapper.
 */
final class JsonReader {

	private final Decoder<?> decoder;

	private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

	private volatile @Nullable ObjectMapper mapper;

	private JsonReader(Decoder<?> decoder) {
		this.decoder = decoder;
	}

	/**
	 * Find the JSON decoder among the readers of a {@code WebClient}.
	 * @param strategies the strategies of the client's responses
	 * @return a reader using that decoder
	 * @throws IllegalStateException when no reader decodes {@code application/json}
	 */
	public static JsonReader from(ExchangeStrategies strategies) {
		ResolvableType mapType = ResolvableType.forClass(Map.class);
		for (HttpMessageReader<?> reader : strategies.messageReaders()) {
			if (reader instanceof DecoderHttpMessageReader<?> decoderReader
					&& decoderReader.getDecoder().canDecode(mapType, MediaType.APPLICATION_JSON)) {
				return new JsonReader(decoderReader.getDecoder());
			}
		}
		throw new IllegalStateException("The WebClient used by the Epithre client has no application/json decoder");
	}

	/**
	 * Write a value as JSON text with the same codec.
	 * @param value the value
	 * @return the JSON
	 * @throws IllegalStateException when the codec is not Jackson's
	 */
	public String write(Object value) {
		if (this.decoder instanceof AbstractJacksonDecoder<?> jackson) {
			return jackson.getMapper().writeValueAsString(value);
		}
		throw new IllegalStateException("Writing JSON needs the Jackson codec; the WebClient has "
				+ this.decoder.getClass().getName());
	}

	/**
	 * Read a value from JSON text.
	 * @param <T> the type to read
	 * @param text the JSON
	 * @param type the type to read
	 * @return the value
	 * @throws RuntimeException the decoder's exception when the JSON is malformed or does not fit the type
	 */
	public <T> T read(String text, Class<T> type) {
		if (this.decoder instanceof AbstractJacksonDecoder<?> jackson) {
			return reader(jackson, type).readValue(text);
		}
		return read(text.getBytes(StandardCharsets.UTF_8), type);
	}

	private ObjectReader reader(AbstractJacksonDecoder<?> jackson, Class<?> type) {
		return this.readers.computeIfAbsent(type, (key) -> mapper(jackson.getMapper()).readerFor(key));
	}

	private ObjectMapper mapper(ObjectMapper application) {
		ObjectMapper mapper = this.mapper;
		if (mapper == null) {
			mapper = application.rebuild().addModule(new DirectCreators()).build();
			this.mapper = mapper;
		}
		return mapper;
	}

	/**
	 * Read a value.
	 * @param <T> the type to read
	 * @param bytes UTF-8 JSON
	 * @param type the type to read
	 * @return the value
	 * @throws RuntimeException the decoder's exception when the JSON is malformed or does not fit the type
	 */
	@SuppressWarnings("unchecked")
	public <T> T read(byte[] bytes, Class<T> type) {
		if (this.decoder instanceof AbstractJacksonDecoder<?> jackson) {
			return reader(jackson, type).readValue(bytes);
		}
		Object value = this.decoder.decode(DefaultDataBufferFactory.sharedInstance.wrap(bytes),
				ResolvableType.forClass(type), MediaType.APPLICATION_JSON, null);
		if (value == null) {
			throw new IllegalArgumentException("Empty JSON value for " + type.getSimpleName());
		}
		return (T) value;
	}

}
