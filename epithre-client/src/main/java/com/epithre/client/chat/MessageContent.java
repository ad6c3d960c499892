package com.epithre.client.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@code content} of a message: a plain string or a list of blocks (docs/epithre-api.md, chat). Exactly one of
 * {@link #text()} and {@link #parts()} is set; it is written to JSON as that string or array.
 *
 * @param text the string form
 * @param parts the list form
 * @since 0.1.0
 */
public record MessageContent(@Nullable String text, @Nullable List<ContentPart> parts) {

	public MessageContent {
		Assert.isTrue((text == null) != (parts == null), "Exactly one of text and parts must be set");
		parts = (parts != null) ? List.copyOf(parts) : null;
	}

	/**
	 * Create string content.
	 * @param text the text
	 * @return the content
	 */
	public static MessageContent of(String text) {
		return new MessageContent(text, null);
	}

	/**
	 * Create list content.
	 * @param parts the blocks
	 * @return the content
	 */
	public static MessageContent of(List<ContentPart> parts) {
		return new MessageContent(null, parts);
	}

	/**
	 * Return the text: the string form, or the text blocks joined.
	 * @return the text
	 */
	public String asText() {
		if (this.text != null) {
			return this.text;
		}
		StringBuilder joined = new StringBuilder();
		for (ContentPart part : this.parts) {
			if (part.text() != null) {
				joined.append(part.text());
			}
		}
		return joined.toString();
	}

	@JsonValue
	Object json() {
		return (this.text != null) ? this.text : this.parts;
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	static MessageContent fromJson(Object json) {
		if (json instanceof String string) {
			return of(string);
		}
		if (json instanceof List<?> list) {
			List<ContentPart> parts = new ArrayList<>(list.size());
			for (Object item : list) {
				parts.add(part(item));
			}
			return of(parts);
		}
		return of(String.valueOf(json));
	}

	private static ContentPart part(Object item) {
		if (!(item instanceof Map<?, ?> map)) {
			return ContentPart.text(String.valueOf(item));
		}
		String type = String.valueOf(map.get("type"));
		Object text = map.get("text");
		ImageUrl imageUrl = null;
		if (map.get("image_url") instanceof Map<?, ?> image && image.get("url") != null) {
			Object detail = image.get("detail");
			imageUrl = new ImageUrl(String.valueOf(image.get("url")), (detail != null) ? detail.toString() : null);
		}
		else if (map.get("image_url") instanceof String url) {
			imageUrl = new ImageUrl(url);
		}
		CacheControl cacheControl = (map.get("cache_control") instanceof Map<?, ?> cache && cache.get("type") != null)
				? new CacheControl(String.valueOf(cache.get("type"))) : null;
		return new ContentPart(type, (text != null) ? text.toString() : null, imageUrl, cacheControl);
	}

}
