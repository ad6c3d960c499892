package com.epithre.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.boot.actuate.EpithreHealthSettings;
import com.epithre.boot.actuate.EpithreReactiveHealthIndicator;
import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.file.FilePurpose;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customizer that moves the client to another base URL and key moves everything: every operation, the health
 * probe, the {@code epithreWebClient} and the key's limiter.
 */
class EpithreClientBuilderCustomizerIntegrationTests {

	private static final String KEY_A = "esk_test_propertykeyaaaa0123456789abcdef";

	private static final String KEY_B = "esk_test_customizedbbbb0123456789abcdef";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@RegisterExtension
	static final FakeEpithreExtension serverA = new FakeEpithreExtension();

	@RegisterExtension
	static final FakeEpithreExtension serverB = new FakeEpithreExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s",
				"epithre.base-url=" + serverA.server().baseUrl(), "epithre.api-key=" + KEY_A)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				EpithreAutoConfiguration.class))
		.withBean(EpithreClientBuilderCustomizer.class,
				() -> (builder) -> builder
					.settings((settings) -> settings.withBaseUrl(serverB.server().baseUrl()).withApiKey(KEY_B)));

	@Test
	void aCustomizedBaseUrlAndKeyMoveEveryOperationTheProbeAndTheLimiter() {
		this.contextRunner.run((context) -> {
			EpithreClient client = context.getBean(EpithreClient.class);
			ChatCompletionRequest hello = ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
			client.models().list().block(TIMEOUT);
			client.chat().create(hello).block(TIMEOUT);
			client.chat().stream(hello).blockLast(TIMEOUT);
			client.embeddings().create(EmbeddingRequest.builder().texts(List.of("satu")).build()).block(TIMEOUT);
			client.files()
				.upload(new ByteArrayResource("{}\n".getBytes()) {

					@Override
					public String getFilename() {
						return "input.jsonl";
					}

				}, FilePurpose.BATCH_INPUT)
				.block(TIMEOUT);
			client.files().list().block(TIMEOUT);
			Health health = new EpithreReactiveHealthIndicator(client,
					EpithreHealthSettings.defaults().withVerifyKey(true))
				.health()
				.block(TIMEOUT);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			context.getBean("epithreWebClient", WebClient.class)
				.get()
				.uri("/models/epithre-omni")
				.retrieve()
				.toBodilessEntity()
				.block(TIMEOUT);

			assertThat(serverA.server().requestCount()).as("requests to the properties' base URL").isZero();
			// models, chat, stream, embeddings, upload, file list, the probe's catalogue and key check, the WebClient
			assertThat(serverB.server().requestCount()).isEqualTo(9);
			for (int i = 0; i < 9; i++) {
				RecordedRequest request = Objects.requireNonNull(serverB.server().takeRequest(TIMEOUT));
				assertThat(request.header("authorization")).as(request.method() + " " + request.path())
					.isEqualTo("Bearer " + KEY_B);
			}
			assertThat(client.settings().apiKey()).isEqualTo(KEY_B);
			assertThat(client.concurrencyLimiter())
				.isSameAs(client.resilience().limiter(KEY_B, client.settings().concurrency()));
		});
	}

}
