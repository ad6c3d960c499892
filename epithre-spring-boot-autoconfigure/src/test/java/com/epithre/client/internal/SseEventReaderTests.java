package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseEventReaderTests {

	@Test
	void errorKeyIsFoundOnlyAsAWholeJsonString() {
		assertThat(SseEventReader.containsErrorKey(bytes("{\"error\":{\"message\":\"x\"}}"))).isTrue();
		assertThat(SseEventReader.containsErrorKey(bytes("{\"id\":\"a\", \"error\" : {}}"))).isTrue();
		assertThat(SseEventReader.containsErrorKey(bytes("{\"choices\":[{\"delta\":{\"content\":\"an error\"}}]}")))
			.isFalse();
		assertThat(SseEventReader.containsErrorKey(bytes("{\"delta\":{\"content\":\"say \\\"error\\\" twice\"}}")))
			.isFalse();
		assertThat(SseEventReader.containsErrorKey(bytes("{\"errors\":1}"))).isFalse();
		assertThat(SseEventReader.containsErrorKey(bytes("\"err"))).isFalse();
	}

	@Test
	void doneMarkerToleratesSurroundingSpacesOnly() {
		assertThat(SseEventReader.isDone(bytes("[DONE]"))).isTrue();
		assertThat(SseEventReader.isDone(bytes(" [DONE] \n"))).isTrue();
		assertThat(SseEventReader.isDone(bytes("[DONE]x"))).isFalse();
		assertThat(SseEventReader.isDone(bytes("{\"content\":\"[DONE]\"}"))).isFalse();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
