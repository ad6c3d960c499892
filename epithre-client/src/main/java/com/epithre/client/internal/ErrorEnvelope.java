package com.epithre.client.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The error envelope {@code {"error":{"message","type","code","param"}}} (docs/epithre-api.md, errors); read leniently:
 * {@code code} and {@code param} may be strings or numbers, and {@code "error": "text"} is read as the message.
 *
 * @param error the error object, absent when the JSON is something else
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ErrorEnvelope(@Nullable Body error) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Body(@Nullable Object message, @Nullable String type, @Nullable Object code, @Nullable Object param) {

		@JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
		Body {
		}

		/** Whether it says nothing: {@code "error": {}}. */
		boolean isEmpty() {
			return this.message == null && this.type == null && this.code == null && this.param == null;
		}

		/** An {@code "error"} that is only a string: its message. */
		@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
		static Body ofMessage(String message) {
			return new Body(message, null, null, null);
		}

	}

}
