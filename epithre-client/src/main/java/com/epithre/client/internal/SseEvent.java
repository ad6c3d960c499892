package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * One event of an event stream: its name ({@code event:}) and its data, UTF-8 bytes with data lines joined by LF.
 *
 * @param name the event name, {@code null} for the default ({@code message})
 * @param data the data
 * @param cutOff whether the body ended before the blank line that ends the event, so it may be incomplete
 */
record SseEvent(@Nullable String name, byte[] data, boolean cutOff) {

	String text() {
		return new String(this.data, StandardCharsets.UTF_8);
	}

}
