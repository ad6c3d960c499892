package com.epithre.client.image;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Answer of the images endpoints (docs/epithre-api.md, images): {@code {"created": ..., "data": [{"b64_json":
 * "..."}]}}.
 *
 * @param created creation time in Unix seconds
 * @param data the images, one per request since {@code n} must be 1
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageResponse(@Nullable Long created, List<ImageData> data) {

	public ImageResponse {
		data = (data != null) ? List.copyOf(data) : List.of();
	}

	/**
	 * Decode every image.
	 * @return the encoded image bytes, in answer order
	 */
	@JsonIgnore
	public List<byte[]> images() {
		return this.data.stream().map(ImageData::bytes).toList();
	}

	/**
	 * Decode the first image.
	 * @return its bytes
	 * @throws IllegalStateException when the answer holds no image
	 */
	@JsonIgnore
	public byte[] image() {
		if (this.data.isEmpty()) {
			throw new IllegalStateException("The image answer holds no image");
		}
		return this.data.get(0).bytes();
	}

	/**
	 * Return {@link #created()} as an instant.
	 * @return the creation time or {@code null}
	 */
	@JsonIgnore
	public @Nullable Instant createdAt() {
		return (this.created != null) ? Instant.ofEpochSecond(this.created) : null;
	}

}
