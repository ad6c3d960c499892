package com.epithre.test.junit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.epithre.test.FakeEpithreServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;

/**
 * Tests for the lifecycle of the servers of {@link FakeEpithreExtension}, run through the JUnit engine.
 */
@Timeout(20)
class FakeEpithreExtensionLifecycleTests {

	static final List<FakeEpithreServer> seen = new CopyOnWriteArrayList<>();

	@BeforeEach
	void clear() {
		seen.clear();
	}

	@Test
	void classServerIsClosedAfterTheClassEvenWhenATestFails() {
		Events tests = run(AnnotatedSample.class);
		tests.assertStatistics((stats) -> stats.started(2).succeeded(1).failed(1));
		assertThat(seen).hasSize(2);
		assertThat(seen.get(0)).isSameAs(seen.get(1));
		assertThatIllegalStateException().isThrownBy(seen.get(0)::start);
	}

	@Test
	void staticFieldServerIsClosedAfterTheClass() {
		run(StaticFieldSample.class).assertStatistics((stats) -> stats.started(2).succeeded(2));
		assertThat(seen).hasSize(2).allSatisfy((server) -> assertThat(server).isSameAs(seen.get(0)));
		assertThatIllegalStateException().isThrownBy(seen.get(0)::start);
	}

	@Test
	void perTestServerCannotBeInjectedIntoAConstructor() {
		run(ConstructorInjectionSample.class).assertStatistics((stats) -> stats.failed(1))
			.assertThatEvents()
			.haveExactly(1, finishedWithFailure(instanceOf(ParameterResolutionException.class)));
	}

	private static Events run(Class<?> testClass) {
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
	}

	@FakeEpithreTest
	static class AnnotatedSample {

		@Test
		void passes(FakeEpithreServer server) {
			seen.add(server);
		}

		@Test
		void fails(FakeEpithreServer server) {
			seen.add(server);
			throw new AssertionError("failing on purpose");
		}

	}

	static class StaticFieldSample {

		@RegisterExtension
		static final FakeEpithreExtension fake = new FakeEpithreExtension();

		@Test
		void first() {
			seen.add(fake.server());
		}

		@Test
		void second() {
			seen.add(fake.server());
		}

	}

	static class ConstructorInjectionSample {

		@RegisterExtension
		final FakeEpithreExtension fake = new FakeEpithreExtension();

		ConstructorInjectionSample(FakeEpithreServer server) {
			seen.add(server);
		}

		@Test
		void neverRuns() {
		}

	}

}
