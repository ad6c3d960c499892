package com.epithre.test.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.epithre.test.FakeEpithreServer;
import com.epithre.test.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistrar;

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
