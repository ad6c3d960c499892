package com.epithre.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.util.unit.DataSize;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.EpithreClientSettings;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreMaxEventSizePropertyTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s")
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				EpithreAutoConfiguration.class));

	@Test
	void maxEventSizeDefaultsToFourMegabytes() {
		this.contextRunner.run((context) -> {
			EpithreClientSettings settings = context.getBean(EpithreClient.class).settings();
			assertThat(settings.maxEventSize()).isEqualTo(DataSize.ofMegabytes(4))
				.isEqualTo(EpithreClientSettings.DEFAULT_MAX_EVENT_SIZE);
			assertThat(settings.maxEventSizeBytes()).isEqualTo(4 * 1024 * 1024);
		});
	}

	@Test
	void maxEventSizeBindsFromADataSize() {
		this.contextRunner.withPropertyValues("epithre.stream.max-event-size=64KB").run((context) -> {
			assertThat(context.getBean(EpithreProperties.class).getStream().getMaxEventSize())
				.isEqualTo(DataSize.ofKilobytes(64));
			assertThat(context.getBean(EpithreClient.class).settings().maxEventSizeBytes()).isEqualTo(65536);
		});
	}

	@Test
	void maxEventSizeOutsideAnArrayFailsStartupNamingTheSetting() {
		this.contextRunner.withPropertyValues("epithre.stream.max-event-size=4GB")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("epithre.stream.max-event-size must be between 1 byte and"));
	}

}
