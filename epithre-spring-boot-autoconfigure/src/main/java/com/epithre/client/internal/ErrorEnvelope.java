package com.epithre.client.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The error envelope {@code {"error":{"message","type","code","param"}}} (docs/epithre-api.md, errors).
 *
 * @param error the error object, absent when the JSON is something else
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ErrorEnvelope(@Nullable Body error) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Body(@Nullable Object message, @Nullable String type, @Nullable Object code, @Nullable Object param) {
	}

}
