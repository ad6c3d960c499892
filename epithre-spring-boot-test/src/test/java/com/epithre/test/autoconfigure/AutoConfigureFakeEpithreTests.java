package com.epithre.test.autoconfigure;

import java.net.http.HttpResponse;

import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.TestHttp;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureFakeEpithre @AutoConfigureFakeEpithre} in a Spring Boot test.
 */
@SpringBootTest(classes = AutoConfigureFakeEpithreTests.TestConfiguration.class)
@AutoConfigureFakeEpithre
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(10)
class AutoConfigureFakeEpithreTests {

	@Autowired
	private FakeEpithreServer server;

	@Value("${epithre.base-url}")
	private String baseUrl;

	@Value("${epithre.api-key}")
	private String apiKey;

	@Test
	@Order(1)
	void pointsTheClientPropertiesAtTheStartedServer() {
		assertThat(this.baseUrl).isEqualTo(this.server.baseUrl());
		assertThat(this.apiKey).matches("esk_test_[A-Za-z0-9]{32}");
		HttpResponse<String> response = TestHttp.post(this.server, "/v1/chat/completions",
				TestHttp.chatRequest(false), "Authorization", "Bearer " + this.apiKey);
		assertThat(response.statusCode()).isEqualTo(200);
		this.server.enqueue(FakeResponse.backendBusy().forPath("/v1/never")).defaultReply("left over");
	}

	@Test
	@Order(2)
	void resetsTheServerAfterEachTestMethod() {
		assertThat(this.server.requestCount()).isZero();
		String reply = TestHttp.json(TestHttp.chat(this.server, TestHttp.chatRequest(false)).body())
			.path("choices").get(0).path("message").path("content").stringValue();
		assertThat(reply).isEqualTo(FakeEpithreServer.DEFAULT_REPLY);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	static class TestConfiguration {

	}

}
