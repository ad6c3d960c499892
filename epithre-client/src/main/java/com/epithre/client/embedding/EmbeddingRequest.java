package com.epithre.client.embedding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Body of {@code POST /v1/embeddings} (docs/epithre-api.md, embeddings). Build one with {@link #builder()}. Any number
 * of inputs is
 * accepted: the client splits them into requests within the per-request limits ({@value #MAX_TEXTS} texts,
 * {@value #MAX_IMAGES} images, 25 MB) and joins the answers. What the server would refuse with a 422 is refused here,
 * when the request is built.
 *
 * @param model the embedding model, {@code epithre-embed}
 * @param input the texts and images, in the order their vectors come back
 * @param dimensions vector length, 1-4000 (the server keeps the first N dimensions and re-normalises)
 * @param instruction a task prefix for texts, such as
 * {@code "Represent this query for retrieving relevant documents:"}; not allowed with images
 * @param truncate how texts over 10,000 characters are handled, one of the {@link Truncate} values (in any case, kept
 * upper-case)
 * @param extraBody fields the API accepts but this record does not model, merged into the JSON as they are; an
 * {@code encoding_format} other than {@code float} is refused, as vectors are read as JSON float arrays
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingRequest(String model, List<EmbeddingInput> input, @Nullable Integer dimensions,
		@Nullable String instruction, @Nullable String truncate,
		@JsonAnyGetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extraBody) {

	/** The embedding model (docs/epithre-api.md, models). */
	public static final String DEFAULT_MODEL = "epithre-embed";

	/** Texts per request (docs/epithre-api.md, embeddings). */
	public static final int MAX_TEXTS = 64;

	/** Images per request (docs/epithre-api.md, embeddings). */
	public static final int MAX_IMAGES = 8;

	/**
	 * Body size per request (docs/epithre-api.md, embeddings and limits and timeouts: 25 MB), counted in decimal
	 * megabytes so that a split request stays
	 * under the limit however the server counts it.
	 */
	public static final long MAX_BODY_BYTES = 25_000_000L;

	/** Characters per text kept by the server, and refused with {@code truncate: NONE} (docs/epithre-api.md, embeddings). */
	public static final int MAX_TEXT_CHARACTERS = 10_000;

	/** Decoded size per image (docs/epithre-api.md, embeddings: 20 MB). */
	public static final int MAX_IMAGE_BYTES = 20 * 1024 * 1024;

	/** Largest {@code dimensions} (docs/epithre-api.md, embeddings). */
	public static final int MAX_DIMENSIONS = 4000;

	/** The only {@code encoding_format} the client reads: vectors as JSON arrays of numbers. */
	public static final String FLOAT_ENCODING_FORMAT = "float";

	/** Room kept for the fields around {@code input} and the array's commas when sizing a body. */
	private static final long BODY_OVERHEAD = 4096;

	public EmbeddingRequest {
		Assert.hasText(model, "model must not be empty");
		Assert.notEmpty(input, "input must not be empty (docs/epithre-api.md, embeddings)");
		input = List.copyOf(input);
		extraBody = (extraBody != null) ? Map.copyOf(extraBody) : Map.of();
		Object encodingFormat = extraBody.get("encoding_format");
		// vectors are read as JSON float arrays: "base64" would be read as big-endian bytes, giving wrong vectors
		Assert.isTrue(encodingFormat == null || FLOAT_ENCODING_FORMAT.equals(encodingFormat),
				() -> "encoding_format " + encodingFormat + " is not supported: vectors are read as JSON float arrays; "
						+ "leave encoding_format out or set it to \"float\"");
		truncate = truncate(truncate);
		if (dimensions != null) {
			int value = dimensions;
			Assert.isTrue(value >= 1 && value <= MAX_DIMENSIONS,
					() -> "dimensions must be between 1 and 4000 (docs/epithre-api.md, embeddings), was " + value);
		}
		long fixed = overhead(instruction);
		for (int i = 0; i < input.size(); i++) {
			EmbeddingInput item = input.get(i);
			int index = i;
			if (item.isImage()) {
				// docs/epithre-api.md, embeddings and errors: the server answers 422 to an instruction with any image
				// input
				Assert.isNull(instruction, () -> "instruction cannot be combined with image input (input[" + index
						+ "] is an image): the server refuses it with 422 (docs/epithre-api.md, embeddings)");
				long decoded = item.decodedImageBytes();
				Assert.isTrue(decoded <= MAX_IMAGE_BYTES, () -> "input[" + index + "] decodes to " + decoded
						+ " bytes, over the 20 MB per-image limit of embeddings (docs/epithre-api.md, embeddings)");
			}
			else if (Truncate.NONE.equals(truncate)) {
				int characters = item.value().codePointCount(0, item.value().length());
				Assert.isTrue(characters <= MAX_TEXT_CHARACTERS, () -> "input[" + index + "] has " + characters
						+ " characters, over the 10,000-character limit with truncate NONE: the server refuses it "
						+ "with 422 (docs/epithre-api.md, embeddings); use END or START to let it cut the text");
			}
			long bytes = fixed + item.jsonBytes();
			Assert.isTrue(bytes <= MAX_BODY_BYTES, () -> "input[" + index + "] alone takes about " + bytes
					+ " bytes of JSON, over the 25 MB body limit of /v1/embeddings (docs/epithre-api.md, embeddings and limits and timeouts)");
		}
	}

	private static @Nullable String truncate(@Nullable String truncate) {
		if (truncate == null) {
			return null;
		}
		String value = truncate.toUpperCase(Locale.ROOT);
		Assert.isTrue(Truncate.END.equals(value) || Truncate.START.equals(value) || Truncate.NONE.equals(value),
				() -> "truncate must be END, START or NONE (docs/epithre-api.md, embeddings), was " + truncate);
		return value;
	}

	/**
	 * Start a request for {@value #DEFAULT_MODEL}.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Create a request for {@value #DEFAULT_MODEL} that embeds texts.
	 * @param texts the texts
	 * @return the request
	 */
	public static EmbeddingRequest of(String... texts) {
		return builder().texts(List.of(texts)).build();
	}

	/**
	 * Return a copy with other inputs and the same options; used to split a large request.
	 * @param input the inputs
	 * @return the copy
	 */
	public EmbeddingRequest withInput(List<EmbeddingInput> input) {
		return new EmbeddingRequest(this.model, input, this.dimensions, this.instruction, this.truncate,
				this.extraBody);
	}

	/**
	 * Return the bytes the JSON body takes around the {@code input} items, as counted for splitting.
	 * @return the overhead in bytes
	 */
	public long bodyOverheadBytes() {
		return overhead(this.instruction);
	}

	private static long overhead(@Nullable String instruction) {
		return BODY_OVERHEAD + ((instruction != null) ? instruction.length() * 3L : 0);
	}

	/**
	 * Builder of {@link EmbeddingRequest}.
	 */
	public static final class Builder {

		private String model = DEFAULT_MODEL;

		private final List<EmbeddingInput> input = new ArrayList<>();

		private @Nullable Integer dimensions;

		private @Nullable String instruction;

		private @Nullable String truncate;

		private final Map<String, Object> extraBody = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder model(String model) {
			this.model = model;
			return this;
		}

		public Builder text(String text) {
			this.input.add(EmbeddingInput.text(text));
			return this;
		}

		public Builder texts(List<String> texts) {
			texts.forEach(this::text);
			return this;
		}

		/**
		 * Add an image from its bytes (docs/epithre-api.md, embeddings: PNG, JPEG, WebP or GIF, up to 20 MB).
		 * @param bytes the encoded image
		 * @param mediaType its media type, such as {@code image/png}
		 * @return this builder
		 */
		public Builder image(byte[] bytes, String mediaType) {
			this.input.add(EmbeddingInput.image(bytes, mediaType));
			return this;
		}

		public Builder input(EmbeddingInput input) {
			this.input.add(input);
			return this;
		}

		public Builder inputs(List<EmbeddingInput> inputs) {
			this.input.addAll(inputs);
			return this;
		}

		public Builder dimensions(@Nullable Integer dimensions) {
			this.dimensions = dimensions;
			return this;
		}

		public Builder instruction(@Nullable String instruction) {
			this.instruction = instruction;
			return this;
		}

		/**
		 * Set how over-long texts are handled.
		 * @param truncate {@link Truncate#END} (the server's default), {@link Truncate#START} or
		 * {@link Truncate#NONE}, in any case; any other value is refused when the request is built
		 * @return this builder
		 */
		public Builder truncate(@Nullable String truncate) {
			this.truncate = truncate;
			return this;
		}

		/**
		 * Add a field that this request does not model; it is written into the JSON as it is.
		 * @param name the JSON field name
		 * @param value its value
		 * @return this builder
		 */
		public Builder extraBody(String name, Object value) {
			this.extraBody.put(name, value);
			return this;
		}

		public EmbeddingRequest build() {
			return new EmbeddingRequest(this.model, this.input, this.dimensions, this.instruction, this.truncate,
					this.extraBody);
		}

	}

}
