package com.epithre.client.embedding;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import org.springframework.util.Assert;

/**
 * One item of an embeddings request's {@code input} (docs/epithre-api.md, embeddings): a text, or an image in one of
 * the three shapes
 * the API accepts. It is written to JSON as a plain string or as the image object of its {@link Shape}.
 *
 * @param shape how the item is written
 * @param value the text, the raw base64 or the {@code data:} URI
 * @since 0.1.0
 */
public record EmbeddingInput(Shape shape, String value) {

	public EmbeddingInput {
		Assert.notNull(shape, "shape must not be null");
		Assert.notNull(value, "value must not be null");
		Assert.isTrue(shape == Shape.TEXT || !value.isBlank(), "image data must not be empty");
	}

	/**
	 * Create a text item, written as a plain string.
	 * @param text the text
	 * @return the item
	 */
	public static EmbeddingInput text(String text) {
		return new EmbeddingInput(Shape.TEXT, text);
	}

	/**
	 * Create an image item from bytes, written as {@code {"type":"image","image_url":"data:<type>;base64,..."}}.
	 * @param bytes the encoded image (PNG, JPEG, WebP or GIF)
	 * @param mediaType its media type, such as {@code image/png}
	 * @return the item
	 */
	public static EmbeddingInput image(byte[] bytes, String mediaType) {
		Assert.notNull(bytes, "bytes must not be null");
		Assert.isTrue(mediaType != null && mediaType.startsWith("image/"),
				() -> "mediaType must be an image/* type, was " + mediaType);
		Assert.isTrue(bytes.length <= EmbeddingRequest.MAX_IMAGE_BYTES, () -> "Image of " + bytes.length
				+ " bytes is over the 20 MB per-image limit of embeddings (docs/epithre-api.md, embeddings)");
		return imageDataUri("data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes));
	}

	/**
	 * Create an image item written as {@code {"type":"image","image":"<raw base64>"}}.
	 * @param base64 the image as raw base64, without a {@code data:} prefix
	 * @return the item
	 */
	public static EmbeddingInput imageBase64(String base64) {
		return new EmbeddingInput(Shape.IMAGE_BASE64, base64);
	}

	/**
	 * Create an image item written as {@code {"type":"image","image_url":"data:image/jpeg;base64,..."}}.
	 * @param dataUri the image as a {@code data:} URI
	 * @return the item
	 */
	public static EmbeddingInput imageDataUri(String dataUri) {
		return new EmbeddingInput(Shape.IMAGE_DATA_URI, dataUri);
	}

	/**
	 * Create an image item in OpenAI's block shape,
	 * {@code {"type":"image_url","image_url":{"url":"data:image/png;base64,..."}}}.
	 * @param dataUri the image as a {@code data:} URI
	 * @return the item
	 */
	public static EmbeddingInput imageUrl(String dataUri) {
		return new EmbeddingInput(Shape.IMAGE_URL, dataUri);
	}

	/**
	 * Return whether this item is an image.
	 * @return {@code true} unless it is a text
	 */
	public boolean isImage() {
		return this.shape != Shape.TEXT;
	}

	/**
	 * Return the size of the decoded image, computed from its base64 length.
	 * @return the decoded size in bytes, or 0 for a text (or an image that is not base64)
	 */
	public long decodedImageBytes() {
		if (this.shape == Shape.TEXT) {
			return 0;
		}
		int start = 0;
		if (this.shape != Shape.IMAGE_BASE64) {
			int marker = this.value.indexOf(";base64,");
			if (marker < 0) {
				return 0;
			}
			start = marker + ";base64,".length();
		}
		int end = this.value.length();
		while (end > start && isPadding(this.value.charAt(end - 1))) {
			end--;
		}
		return (end - start) * 3L / 4;
	}

	private static boolean isPadding(char c) {
		return c == '=' || Character.isWhitespace(c);
	}

	/**
	 * Return how many bytes this item takes in the JSON body, counting UTF-8 and escapes; used to keep split requests
	 * under the 25 MB body limit (docs/epithre-api.md, embeddings).
	 * @return the estimated size in bytes
	 */
	public long jsonBytes() {
		long quoted = 2;
		for (int i = 0; i < this.value.length(); i++) {
			char c = this.value.charAt(i);
			if (c == '"' || c == '\\') {
				quoted += 2;
			}
			else if (c < 0x20) {
				quoted += 6;
			}
			else if (c < 0x80) {
				quoted += 1;
			}
			else if (c < 0x800 || Character.isSurrogate(c)) {
				// a surrogate pair is 4 bytes in UTF-8: 2 per half
				quoted += 2;
			}
			else {
				quoted += 3;
			}
		}
		return switch (this.shape) {
			case TEXT -> quoted;
			case IMAGE_BASE64 -> quoted + "{\"type\":\"image\",\"image\":}".length();
			case IMAGE_DATA_URI -> quoted + "{\"type\":\"image\",\"image_url\":}".length();
			case IMAGE_URL -> quoted + "{\"type\":\"image_url\",\"image_url\":{\"url\":}}".length();
		};
	}

	@JsonValue
	Object json() {
		Map<String, Object> json = new LinkedHashMap<>();
		switch (this.shape) {
			case TEXT -> {
				return this.value;
			}
			case IMAGE_BASE64 -> {
				json.put("type", "image");
				json.put("image", this.value);
			}
			case IMAGE_DATA_URI -> {
				json.put("type", "image");
				json.put("image_url", this.value);
			}
			case IMAGE_URL -> {
				json.put("type", "image_url");
				json.put("image_url", Map.of("url", this.value));
			}
		}
		return json;
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	static EmbeddingInput fromJson(Object json) {
		if (json instanceof Map<?, ?> map) {
			Object image = map.get("image");
			Object imageUrl = map.get("image_url");
			if (image instanceof String base64) {
				return imageBase64(base64);
			}
			if (imageUrl instanceof String dataUri) {
				return imageDataUri(dataUri);
			}
			if (imageUrl instanceof Map<?, ?> url && url.get("url") instanceof String dataUri) {
				return imageUrl(dataUri);
			}
			throw new IllegalArgumentException("Not an embeddings image item (docs/epithre-api.md, embeddings): " + map.keySet());
		}
		return text(String.valueOf(json));
	}

	/**
	 * How an item is written: a text or one of the three image shapes of docs/epithre-api.md, embeddings.
	 */
	public enum Shape {

		/** A plain JSON string. */
		TEXT,

		/** {@code {"type":"image","image":"<raw base64>"}}. */
		IMAGE_BASE64,

		/** {@code {"type":"image","image_url":"data:..."}}. */
		IMAGE_DATA_URI,

		/** {@code {"type":"image_url","image_url":{"url":"data:..."}}}. */
		IMAGE_URL

	}

}
