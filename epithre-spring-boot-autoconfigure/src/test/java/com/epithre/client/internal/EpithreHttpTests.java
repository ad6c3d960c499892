package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreHttpTests {

	@Test
	void errorKeyIsFoundOnlyAsAWholeJsonString() {
		assertThat(EpithreHttp.containsErrorKey(bytes("{\"error\":{\"message\":\"x\"}}"))).isTrue();
		assertThat(EpithreHttp.containsErrorKey(bytes("{\"id\":\"a\", \"error\" : {}}"))).isTrue();
		assertThat(EpithreHttp.containsErrorKey(bytes("{\"choices\":[{\"delta\":{\"content\":\"an error\"}}]}")))
			.isFalse();
		assertThat(EpithreHttp.containsErrorKey(bytes("{\"delta\":{\"content\":\"say \\\"error\\\" twice\"}}")))
			.isFalse();
		assertThat(EpithreHttp.containsErrorKey(bytes("{\"errors\":1}"))).isFalse();
		assertThat(EpithreHttp.containsErrorKey(bytes("\"err"))).isFalse();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
