package com.epithre.client.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Prompt-cache marker of a content block (docs/epithre-api.md, prompt caching); only honoured on the last block of a
 * reusable prefix
 * of list-form content.
 *
 * @param type the cache type, {@code ephemeral} (5 minutes)
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CacheControl(String type) {

	/**
	 * Return the {@code {"type":"ephemeral"}} marker.
	 * @return the marker
	 */
	public static CacheControl ephemeral() {
		return new CacheControl("ephemeral");
	}

}
