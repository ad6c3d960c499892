package com.epithre.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreRuntimeHintsTests {

	private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	private final RuntimeHints hints = registeredHints();

	@Test
	void registrarIsListedInAotFactories() {
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class);
		assertThat(registrars).hasAtLeastOneElementOfType(EpithreRuntimeHints.class);
	}

	@Test
	void clientPropertiesAndTheirNestedGroupsCanBeBound() throws NoSuchMethodException {
		assertBindable(EpithreProperties.class);
		assertThat(reflection.onMethodInvocation(EpithreProperties.class.getMethod("setApiKey", String.class)))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(EpithreProperties.class.getMethod("getRetry"))).accepts(this.hints);
		assertBindable(EpithreProperties.Stream.class);
		assertBindable(EpithreProperties.Retry.class);
		assertThat(reflection.onMethodInvocation(EpithreProperties.Retry.class.getMethod("setMaxAttempts", int.class)))
			.accepts(this.hints);
		assertBindable(EpithreProperties.Concurrency.class);
		assertThat(reflection
			.onMethodInvocation(EpithreProperties.Concurrency.class.getMethod("setMaxInFlight", int.class)))
			.accepts(this.hints);
	}

	@Test
	void namedClientPropertiesAndTheirPoolAndHealthGroupsCanBeBound() throws NoSuchMethodException {
		assertBindable(EpithreNamedClientProperties.class);
		assertThat(reflection.onMethodInvocation(EpithreNamedClientProperties.class.getMethod("getHttp")))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(EpithreNamedClientProperties.class.getMethod("getHealth")))
			.accepts(this.hints);
	}

	@Test
	void connectionPoolPropertiesCanBeBound() throws NoSuchMethodException {
		assertBindable(EpithreHttpProperties.class);
		assertThat(reflection.onMethodInvocation(EpithreHttpProperties.class.getMethod("setPoolName", String.class)))
			.accepts(this.hints);
	}

	@Test
	void healthPropertiesAndTheirDegradedGroupCanBeBound() throws NoSuchMethodException {
		assertBindable(EpithreHealthProperties.class);
		assertThat(reflection.onMethodInvocation(EpithreHealthProperties.class.getMethod("setTimeout", Duration.class)))
			.accepts(this.hints);
		assertBindable(EpithreHealthProperties.Degraded.class);
		assertThat(reflection
			.onMethodInvocation(EpithreHealthProperties.Degraded.class.getMethod("setThreshold", double.class)))
			.accepts(this.hints);
	}

	@Test
	void onlyThePropertiesTheNamedClientsBindAreRegistered() {
		assertThat(reflection.onType(EpithreWebhookProperties.class)).rejects(this.hints);
		assertThat(reflection.onType(EpithreNamedClients.class)).rejects(this.hints);
	}

	private void assertBindable(Class<?> type) throws NoSuchMethodException {
		assertThat(reflection.onType(type)).as("type hint for %s", type.getName()).accepts(this.hints);
		assertThat(reflection.onConstructorInvocation(type.getDeclaredConstructor()))
			.as("default constructor of %s", type.getName())
			.accepts(this.hints);
	}

	private static RuntimeHints registeredHints() {
		RuntimeHints hints = new RuntimeHints();
		new EpithreRuntimeHints().registerHints(hints, EpithreRuntimeHintsTests.class.getClassLoader());
		return hints;
	}

}
