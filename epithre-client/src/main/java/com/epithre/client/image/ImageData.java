package com.epithre.client.image;

import java.util.Base64;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One image of an {@link ImageResponse} (docs/epithre-api.md, images): base64 only, never a URL.
 *
 * @param b64Json the encoded image as base64
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageData(@JsonProperty("b64_json") @Nullable String b64Json) {

	/**
	 * Decode the image.
	 * @return the encoded image bytes (PNG from {@code epithre-iris})
	 * @throws IllegalStateException when the answer held no image data
	 * @throws IllegalArgumentException when the data is not valid base64
	 */
	public byte[] bytes() {
		if (this.b64Json == null) {
			throw new IllegalStateException("The image answer holds no b64_json data");
		}
		return Base64.getMimeDecoder().decode(this.b64Json);
	}

}
