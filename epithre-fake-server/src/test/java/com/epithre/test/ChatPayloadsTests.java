package com.epithre.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChatPayloads}.
 */
class ChatPayloadsTests {

	@Test
	void tokensKeepTheirLeadingWhitespace() {
		assertThat(ChatPayloads.tokens("Hello from  the\nfake")).containsExactly("Hello", " from", "  the", "\nfake");
		assertThat(ChatPayloads.tokens(" leading")).containsExactly(" leading");
		assertThat(ChatPayloads.tokens("")).isEmpty();
	}

	@Test
	void argumentPiecesJoinToTheArguments() {
		String arguments = "{\"city\":\"Jakarta\",\"days\":3}";
		assertThat(String.join("", ChatPayloads.argumentPieces(arguments))).isEqualTo(arguments);
		assertThat(ChatPayloads.argumentPieces(arguments)).hasSizeGreaterThan(2);
	}

	@Test
	void streamedToolCallWithoutUsageEndsWithToolCallsFinishReason() {
		assertThat(ChatPayloads.chunks("chatcmpl-1", null, new ChatRequest.ToolCall("f", "{}"), false, 3))
			.last()
			.asString()
			.contains("\"finish_reason\":\"tool_calls\"");
	}

}
