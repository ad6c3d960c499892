package com.epithre.test.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistrar;

import com.epithre.boot.autoconfigure.EpithreAutoConfiguration;
import com.epithre.boot.autoconfigure.EpithreConnectionDetails;
import com.epithre.client.EpithreClient;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link FakeEpithreAutoConfiguration}.
 */
class FakeEpithreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FakeEpithreAutoConfiguration.class));

	@Test
	void startsTheServerAndClosesItWithTheContext() {
		FakeEpithreServer[] server = new FakeEpithreServer[1];
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(FakeEpithreServer.class);
			server[0] = context.getBean(FakeEpithreServer.class);
			assertThat(TestHttp.get(server[0], "/v1/models").statusCode()).isEqualTo(200);
		});
		assertThatIllegalStateException().isThrownBy(server[0]::start);
	}

	@Test
	void backsOffWhenTheUserDefinesAServer() {
		this.contextRunner.withBean("customServer", FakeEpithreServer.class, () -> new FakeEpithreServer().start())
			.run((context) -> assertThat(context).hasSingleBean(FakeEpithreServer.class).hasBean("customServer"));
	}

	@Test
	void theFakeServerIsTheClientsConnection() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, EpithreAutoConfiguration.class))
			.withPropertyValues("epithre.base-url=http://127.0.0.1:9/v1")
			.run((context) -> {
				String baseUrl = context.getBean(FakeEpithreServer.class).baseUrl();
				assertThat(context).hasSingleBean(EpithreConnectionDetails.class);
				EpithreConnectionDetails details = context.getBean(EpithreConnectionDetails.class);
				assertThat(details.getBaseUrl()).isEqualTo(baseUrl);
				assertThat(details.getApiKey()).isEqualTo(FakeEpithreAutoConfiguration.DUMMY_API_KEY);
				EpithreClient client = context.getBean(EpithreClient.class);
				assertThat(client.settings().baseUrl()).isEqualTo(baseUrl);
				assertThat(client.models().list().block(Duration.ofSeconds(10)).data()).isNotEmpty();
			});
	}

	@Test
	void theConnectionKeepsAConfiguredKey() {
		this.contextRunner.withPropertyValues("epithre.api-key=" + TestHttp.KEY)
			.run((context) -> assertThat(context.getBean(EpithreConnectionDetails.class).getApiKey())
				.isEqualTo(TestHttp.KEY));
	}

	@Test
	void registersBaseUrlAndADummyKeyWhenNoneIsSet() {
		this.contextRunner.run((context) -> assertThat(registeredProperties(context))
			.containsEntry("epithre.base-url", context.getBean(FakeEpithreServer.class).baseUrl())
			.containsEntry("epithre.api-key", FakeEpithreAutoConfiguration.DUMMY_API_KEY));
	}

	@Test
	void registersADummyKeyWhenTheKeyIsBlankOrAnUnresolvablePlaceholder() {
		this.contextRunner.withPropertyValues("epithre.api-key=")
			.run((context) -> assertThat(registeredProperties(context)).containsKey("epithre.api-key"));
		this.contextRunner.withPropertyValues("epithre.api-key=${NO_SUCH_VARIABLE_FOR_EPITHRE_TESTS}")
			.run((context) -> assertThat(registeredProperties(context)).containsKey("epithre.api-key"));
	}

	@Test
	void keepsAConfiguredKey() {
		this.contextRunner.withPropertyValues("epithre.api-key=esk_test_configured")
			.run((context) -> assertThat(registeredProperties(context)).containsOnlyKeys("epithre.base-url"));
	}

	@Test
	void dummyKeyHasTheSandboxKeyFormat() {
		assertThat(FakeEpithreAutoConfiguration.DUMMY_API_KEY).matches("esk_test_[A-Za-z0-9]{32}");
	}

	private static Map<String, Object> registeredProperties(ApplicationContext context) {
		Map<String, Object> properties = new LinkedHashMap<>();
		context.getBean(DynamicPropertyRegistrar.class)
			.accept((name, valueSupplier) -> properties.put(name, ((Supplier<?>) valueSupplier).get()));
		return properties;
	}

}
