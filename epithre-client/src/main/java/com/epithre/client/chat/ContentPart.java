package com.epithre.client.chat;

import java.util.Base64;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One block of list-form message content (docs/epithre-api.md, chat): {@code text} or {@code image_url}, optionally
 * marked
 * for the prompt cache. Other block types are kept with their {@code type} only.
 *
 * @param type the block type
 * @param text the text of a {@code text} block
 * @param imageUrl the image of an {@code image_url} block
 * @param cacheControl the prompt-cache marker
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContentPart(String type, @Nullable String text, @JsonProperty("image_url") @Nullable ImageUrl imageUrl,
		@JsonProperty("cache_control") @Nullable CacheControl cacheControl) {

	/** Type of a text block. */
	public static final String TEXT = "text";

	/** Type of an image block. */
	public static final String IMAGE_URL = "image_url";

	/**
	 * Create a text block.
	 * @param text the text
	 * @return the block
	 */
	public static ContentPart text(String text) {
		return new ContentPart(TEXT, text, null, null);
	}

	/**
	 * Create an image block from a URL or {@code data:} URI.
	 * @param url the image URL
	 * @return the block
	 */
	public static ContentPart imageUrl(String url) {
		return new ContentPart(IMAGE_URL, null, new ImageUrl(url), null);
	}

	/**
	 * Create an image block from raw bytes as a {@code data:} URI.
	 * @param mediaType e.g. {@code image/png}
	 * @param bytes the image bytes (PNG, JPEG, WebP or GIF; 20 MB decoded at most, and the chat body is limited to
	 * 1 MB, docs/epithre-api.md, known gaps (chat images and the body limit))
	 * @return the block
	 */
	public static ContentPart image(String mediaType, byte[] bytes) {
		return imageUrl("data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes));
	}

	/**
	 * Return a copy marked {@code cache_control: ephemeral}: put it on the last block of the reusable prefix.
	 * @return the marked block
	 */
	public ContentPart cached() {
		return new ContentPart(this.type, this.text, this.imageUrl, CacheControl.ephemeral());
	}

}
