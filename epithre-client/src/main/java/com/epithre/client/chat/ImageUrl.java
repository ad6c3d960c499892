package com.epithre.client.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The {@code image_url} object of an image block (docs/epithre-api.md, chat).
 *
 * @param url a {@code data:image/...;base64,} URI (remote URLs are not documented)
 * @param detail OpenAI's detail hint, not documented by Epithre
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageUrl(String url, @Nullable String detail) {

	public ImageUrl(String url) {
		this(url, null);
	}

}
