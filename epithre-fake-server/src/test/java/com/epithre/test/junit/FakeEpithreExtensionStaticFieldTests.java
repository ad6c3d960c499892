package com.epithre.test.junit;

import java.time.Duration;

import com.epithre.test.FakeEpithreServer;
import com.epithre.test.TestHttp;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FakeEpithreExtension} on a static field: one server per class, settings kept across resets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(10)
class FakeEpithreExtensionStaticFieldTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension().defaultReply("Halo dari Jakarta")
		.concurrencyCap(3)
		.streamChunkDelay(Duration.ZERO)
		.requireApiKey(TestHttp.KEY);

	private static FakeEpithreServer first;

	@Test
	@Order(1)
	void appliesTheSettingsToTheServer(FakeEpithreServer server) {
		first = fake.server();
		assertThat(server).isSameAs(first);
		server.defaultReply("overridden in this test");
		assertThat(reply(server)).isEqualTo("overridden in this test");
	}

	@Test
	@Order(2)
	void keepsTheServerAndReappliesTheSettingsAfterReset() {
		assertThat(fake.server()).isSameAs(first);
		assertThat(reply(fake.server())).isEqualTo("Halo dari Jakarta");
		assertThat(TestHttp.post(fake.server(), "/v1/chat/completions", TestHttp.chatRequest(false), "Authorization",
				"Bearer " + TestHttp.OTHER_KEY).statusCode()).isEqualTo(401);
	}

	private static String reply(FakeEpithreServer server) {
		return TestHttp.json(TestHttp.chat(server, TestHttp.chatRequest(false)).body())
			.path("choices").get(0).path("message").path("content").stringValue();
	}

}
