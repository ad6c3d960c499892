package com.epithre.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.EpithreClientSettings;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreAutoConfigurationTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s")
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				EpithreAutoConfiguration.class));

	@Test
	void createsClientAndQualifiedWebClientWithDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EpithreClient.class).hasBean("epithreWebClient");
			EpithreClientSettings settings = context.getBean(EpithreClient.class).settings();
			assertThat(settings.baseUrl()).isEqualTo("https://api.epithre.com/v1");
			assertThat(settings.apiKey()).isNull();
			assertThat(settings.responseTimeout()).isEqualTo(Duration.ofSeconds(180));
			assertThat(settings.streamIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.totalTimeout()).isNull();
			assertThat(settings.includeUsage()).isTrue();
		});
	}

	@Test
	void bindsProperties() {
		this.contextRunner
			.withPropertyValues("epithre.base-url=http://127.0.0.1:9/v1/", "epithre.api-key=" + KEY + "\n",
					"epithre.response-timeout=95s", "epithre.total-timeout=5m", "epithre.stream.idle-timeout=12s",
					"epithre.stream.include-usage=false", "epithre.connect-timeout=3s")
			.run((context) -> {
				EpithreClientSettings settings = context.getBean(EpithreClient.class).settings();
				assertThat(settings.baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
				assertThat(settings.apiKey()).isEqualTo(KEY);
				assertThat(settings.responseTimeout()).isEqualTo(Duration.ofSeconds(95));
				assertThat(settings.totalTimeout()).isEqualTo(Duration.ofMinutes(5));
				assertThat(settings.streamIdleTimeout()).isEqualTo(Duration.ofSeconds(12));
				assertThat(settings.includeUsage()).isFalse();
				assertThat(context.getBean(EpithreProperties.class).getConnectTimeout())
					.isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void keyNeverShowsInToStringOfClientSettingsOrProperties() {
		this.contextRunner.withPropertyValues("epithre.api-key=" + KEY).run((context) -> {
			assertThat(context.getBean(EpithreClient.class).toString()).contains("esk_test_012...")
				.doesNotContain(KEY);
			assertThat(context.getBean(EpithreProperties.class).toString()).doesNotContain("esk_test_");
		});
	}

	@Test
	void connectionDetailsBeanWinsOverProperties() {
		this.contextRunner.withPropertyValues("epithre.base-url=http://ignored/v1")
			.withBean(EpithreConnectionDetails.class, () -> new EpithreConnectionDetails() {
				@Override
				public String getBaseUrl() {
					return "http://127.0.0.1:1234/v1";
				}

				@Override
				public String getApiKey() {
					return KEY;
				}
			})
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PropertiesEpithreConnectionDetails.class);
				assertThat(context.getBean(EpithreClient.class).settings().baseUrl())
					.isEqualTo("http://127.0.0.1:1234/v1");
			});
	}

	@Test
	void backsOffWhenUserDefinesClient() {
		EpithreClient mine = EpithreClient.builder(WebClient.builder()).build();
		this.contextRunner.withBean(EpithreClient.class, () -> mine)
			.run((context) -> assertThat(context).getBean(EpithreClient.class).isSameAs(mine));
	}

	@Test
	void backsOffWhenUserDefinesEpithreWebClient() {
		WebClient mine = WebClient.create("http://127.0.0.1:1/v1");
		this.contextRunner.withBean("epithreWebClient", WebClient.class, () -> mine)
			.run((context) -> assertThat(context.getBean("epithreWebClient")).isSameAs(mine));
	}

	@Test
	void customizersAreAppliedInOrder() {
		List<String> calls = new ArrayList<>();
		this.contextRunner.withBean("second", EpithreClientBuilderCustomizer.class, () -> new Second(calls))
			.withBean("first", EpithreClientBuilderCustomizer.class, () -> new First(calls))
			.run((context) -> {
				assertThat(calls).containsExactly("first", "second");
				assertThat(context.getBean(EpithreClient.class).settings().streamIdleTimeout())
					.isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void keyWithInnerWhitespaceFailsStartupWithAClearMessage() {
		this.contextRunner.withPropertyValues("epithre.api-key=esk_test_0123 456789abcdefghijklmnopqrstuv")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("whitespace inside")
				.message()
				.doesNotContain("456789abcdef"));
	}

	@Test
	void backsOffWithoutClientOnClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EpithreClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean("epithreWebClient")
				.doesNotHaveBean(EpithreProperties.class));
	}

	@Test
	void worksWithoutBootsWebClientBuilder() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EpithreAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(EpithreClient.class));
	}

	@Order(1)
	record First(List<String> calls) implements EpithreClientBuilderCustomizer {

		@Override
		public void customize(EpithreClient.Builder builder) {
			this.calls.add("first");
			builder.settings((settings) -> settings.withStreamIdleTimeout(Duration.ofSeconds(1)));
		}

	}

	@Order(2)
	record Second(List<String> calls) implements EpithreClientBuilderCustomizer {

		@Override
		public void customize(EpithreClient.Builder builder) {
			this.calls.add("second");
			builder.settings((settings) -> settings.withStreamIdleTimeout(Duration.ofSeconds(2)));
		}

	}

}
