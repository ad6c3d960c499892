package com.epithre.test.junit;

import java.time.Duration;

import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FakeEpithreTest @FakeEpithreTest}: one injected server per class, reset after each test.
 */
@FakeEpithreTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(10)
class FakeEpithreTestTests {

	private static FakeEpithreServer fromBeforeAll;

	private final FakeEpithreServer fromConstructor;

	private FakeEpithreServer fromBeforeEach;

	FakeEpithreTestTests(FakeEpithreServer server) {
		this.fromConstructor = server;
	}

	@BeforeAll
	static void captureServer(FakeEpithreServer server) {
		fromBeforeAll = server;
	}

	@BeforeEach
	void captureServerAgain(FakeEpithreServer server) {
		this.fromBeforeEach = server;
	}

	@Test
	@Order(1)
	void injectsOneStartedServerEverywhere(FakeEpithreServer server) {
		assertThat(server).isSameAs(fromBeforeAll).isSameAs(this.fromConstructor).isSameAs(this.fromBeforeEach);
		assertThat(TestHttp.get(server, "/v1/models").statusCode()).isEqualTo(200);
		server.enqueue(FakeResponse.backendBusy().forPath("/v1/never")).defaultReply("changed");
	}

	@Test
	@Order(2)
	void resetsTheServerAfterEachTest(FakeEpithreServer server) {
		assertThat(server).isSameAs(fromBeforeAll);
		assertThat(server.requestCount()).isZero();
		assertThat(server.takeRequest(Duration.ofMillis(10))).isNull();
		String reply = TestHttp.json(TestHttp.chat(server, TestHttp.chatRequest(false)).body())
			.path("choices").get(0).path("message").path("content").stringValue();
		assertThat(reply).isEqualTo(FakeEpithreServer.DEFAULT_REPLY);
	}

	@Nested
	class NestedTests {

		@Test
		void nestedClassesShareTheServer(FakeEpithreServer server) {
			assertThat(server).isSameAs(fromBeforeAll);
		}

	}

}
