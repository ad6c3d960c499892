package com.epithre.test.autoconfigure;

import com.epithre.test.FakeEpithreServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureFakeEpithre @AutoConfigureFakeEpithre} when the test sets its own API key.
 */
@SpringBootTest(classes = AutoConfigureFakeEpithreApiKeyTests.TestConfiguration.class,
		properties = { "epithre.api-key=esk_test_ownkeyownkeyownkeyownkeyownkey12",
				"epithre.base-url=https://api.epithre.com/v1" })
@AutoConfigureFakeEpithre
class AutoConfigureFakeEpithreApiKeyTests {

	@Autowired
	private Environment environment;

	@Autowired
	private FakeEpithreServer server;

	@Test
	void keepsAConfiguredKeyButStillOverridesTheBaseUrl() {
		assertThat(this.environment.getProperty("epithre.api-key"))
			.isEqualTo("esk_test_ownkeyownkeyownkeyownkeyownkey12");
		assertThat(this.environment.getProperty("epithre.base-url")).isEqualTo(this.server.baseUrl());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	static class TestConfiguration {

	}

}
