package com.epithre.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.boot.actuate.EpithreEndpoint;
import com.epithre.boot.actuate.EpithreHealthSettings;
import com.epithre.boot.actuate.EpithreReactiveHealthIndicator;
import com.epithre.client.EpithreClient;
import com.epithre.client.observation.DefaultEpithreObservationConvention;
import com.epithre.client.observation.EpithreMeterObservationHandler;
import com.epithre.client.observation.EpithreObservationContext;
import com.epithre.client.observation.EpithreObservationConvention;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreActuatorAutoConfigurationTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s",
				"epithre.base-url=" + this.server.baseUrl())
		.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, EpithreAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, EpithreHealthContributorAutoConfiguration.class,
				EndpointAutoConfiguration.class, EpithreEndpointAutoConfiguration.class,
				EpithreObservationAutoConfiguration.class));

	@Test
	void healthIndicatorForTheClientWithBoundSettings() {
		this.contextRunner
			.withPropertyValues("epithre.health.ttl=10s", "epithre.health.timeout=2s", "epithre.health.model=",
					"epithre.health.verify-key=true", "epithre.health.degraded.threshold=0.8")
			.run((context) -> {
				assertThat(context).getBean("epithreHealthContributor")
					.isInstanceOf(EpithreReactiveHealthIndicator.class);
				EpithreHealthSettings settings = context.getBean(EpithreHealthProperties.class)
					.toSettings(EpithreProperties.PREFIX);
				assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(10));
				assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.model()).isNull();
				assertThat(settings.verifyKey()).isTrue();
				assertThat(settings.degraded().threshold()).isEqualTo(0.8);
				assertThat(settings.degraded().recoveryThreshold()).isEqualTo(0.2);
			});
	}

	@Test
	void oneIndicatorPerClientWhenThereAreSeveral() {
		this.contextRunner.withBean("secondClient", EpithreClient.class, () -> EpithreClient
			.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()))
			.build()).withBean("firstClient", EpithreClient.class, () -> EpithreClient.builder(WebClient.builder())
				.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()))
				.build())
			.run((context) -> {
				ReactiveHealthContributor contributor = context.getBean("epithreHealthContributor",
						ReactiveHealthContributor.class);
				assertThat(contributor).isInstanceOf(CompositeReactiveHealthContributor.class);
				CompositeReactiveHealthContributor composite = (CompositeReactiveHealthContributor) contributor;
				assertThat(composite.getContributor("firstClient")).isInstanceOf(EpithreReactiveHealthIndicator.class);
				assertThat(composite.getContributor("secondClient")).isInstanceOf(EpithreReactiveHealthIndicator.class);
			});
	}

	@Test
	void standardSwitchTurnsTheIndicatorOff() {
		this.contextRunner.withPropertyValues("management.health.epithre.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("epithreHealthContributor")
				.doesNotHaveBean(EpithreHealthProperties.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnIndicator() {
		ReactiveHealthIndicator own = () -> Mono.just(Health.up().build());
		this.contextRunner.withBean("epithreHealthIndicator", ReactiveHealthIndicator.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean("epithreHealthContributor")
				.getBean("epithreHealthIndicator")
				.isSameAs(own));
	}

	@Test
	void noHealthIndicatorWithoutActuatorsHealthTypes() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
			.run((context) -> assertThat(context).hasSingleBean(EpithreClient.class)
				.doesNotHaveBean("epithreHealthContributor"));
	}

	@Test
	void endpointOnlyWhenExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(EpithreEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=epithre")
			.run((context) -> assertThat(context).hasSingleBean(EpithreEndpoint.class));
	}

	@Test
	void meterHandlerOnlyWithAMeterRegistry() {
		this.contextRunner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.run((context) -> assertThat(context).doesNotHaveBean(EpithreMeterObservationHandler.class));
		this.contextRunner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(EpithreMeterObservationHandler.class));
	}

	@Test
	void clientIsObservedWithTheApplicationsRegistryAndConvention() {
		List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withBean(EpithreObservationConvention.class, () -> new DefaultEpithreObservationConvention() {

				@Override
				public String getName() {
					return "my.llm.calls";
				}

			})
			.run((context) -> {
				StepVerifier.create(context.getBean(EpithreClient.class).models().list())
					.expectNextCount(1)
					.expectComplete()
					.verify(Duration.ofSeconds(10));
				assertThat(stopped).singleElement()
					.isInstanceOf(EpithreObservationContext.class)
					.satisfies((observed) -> assertThat(observed.getName()).isEqualTo("my.llm.calls"));
			});
	}

}
