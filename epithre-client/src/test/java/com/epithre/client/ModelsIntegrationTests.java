package com.epithre.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import com.epithre.client.error.EpithreNotFoundException;
import com.epithre.client.models.Model;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsIntegrationTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreClient client = ClientTestSupport.client(this.server);

	@Test
	void listsTheCatalogueWithCapabilitiesAndContextWindows() {
		StepVerifier.create(this.client.models().list()).assertNext((models) -> {
			assertThat(models.data()).extracting(Model::id)
				.contains("epithre-omni", "epithre-prme", "epithre-lyt", "epithre-embed", "epithre-rerank",
						"epithre-iris");
			Model omni = models.find("epithre-omni").orElseThrow();
			assertThat(omni.contextWindow()).isEqualTo(49152);
			assertThat(omni.hasCapability(Model.TOOL_USE)).isTrue();
			assertThat(omni.modalities()).contains("text", "image");
		}).expectComplete().verify(Duration.ofSeconds(10));
		RecordedRequest request = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/v1/models");
	}

	@Test
	void getsOneModel() {
		StepVerifier.create(this.client.models().get("epithre-prme"))
			.assertNext((model) -> assertThat(model.contextWindow()).isEqualTo(180000))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.takeRequest(Duration.ofSeconds(5)).path()).isEqualTo("/v1/models/epithre-prme");
	}

	@Test
	void unknownModelIsNotFound() {
		StepVerifier.create(this.client.models().get("gpt-4o"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreNotFoundException.class)
				.hasMessageContaining("GET /models/gpt-4o")
				.hasMessageContaining("HTTP 404"))
			.verify(Duration.ofSeconds(10));
	}

}
