package com.epithre.test.autoconfigure;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;
import org.springframework.util.ClassUtils;

import com.epithre.boot.actuate.EpithreReactiveHealthIndicator;
import com.epithre.client.EpithreClient;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;

/**
 * Resets every {@link FakeEpithreServer} bean after each test method, and every {@link EpithreResilience} bean of
 * the client with it (open {@code backend_busy} windows, adaptive limits back at their maximum, waiters served), the
 * statistics of every {@code EpithreClient} bean (what the {@code epithre} endpoint shows) and every Epithre health
 * indicator (cached checks, {@code DEGRADED} state, earlier calls no longer counted), so that no
 * test inherits what an earlier one taught the client. A context that is not loaded yet stays unloaded.
 */
final class FakeEpithreServerResetTestExecutionListener implements TestExecutionListener, Ordered {

	private static final boolean HEALTH_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.health.contributor.ReactiveHealthContributor",
			FakeEpithreServerResetTestExecutionListener.class.getClassLoader());

	@Override
	public int getOrder() {
		// after Spring's own listeners (DirtiesContext runs at 3000-5000), like Boot's MockRestServiceServer reset
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext applicationContext = testContext.getApplicationContext();
		String[] servers = applicationContext.getBeanNamesForType(FakeEpithreServer.class, false, false);
		for (String name : servers) {
			applicationContext.getBean(name, FakeEpithreServer.class).reset();
		}
		if (servers.length > 0) {
			resetResilience(applicationContext);
			if (HEALTH_PRESENT) {
				HealthReset.reset(applicationContext);
			}
		}
	}

	private static void resetResilience(ApplicationContext applicationContext) {
		for (String name : applicationContext.getBeanNamesForType(EpithreResilience.class, false, false)) {
			applicationContext.getBean(name, EpithreResilience.class).reset();
		}
		// the statistics of the epithre endpoint, of the default client and of every named one
		for (String name : applicationContext.getBeanNamesForType(EpithreClient.class, false, false)) {
			applicationContext.getBean(name, EpithreClient.class).stats().reset();
		}
	}

	/**
	 * Resets the Epithre health indicators, on their own or inside composites; only loaded with Spring Boot's health
	 * support on the class path.
	 */
	private static final class HealthReset {

		static void reset(ApplicationContext applicationContext) {
			for (String name : applicationContext.getBeanNamesForType(ReactiveHealthContributor.class, false,
					false)) {
				reset(applicationContext.getBean(name, ReactiveHealthContributor.class));
			}
		}

		private static void reset(ReactiveHealthContributor contributor) {
			if (contributor instanceof EpithreReactiveHealthIndicator indicator) {
				indicator.reset();
			}
			else if (contributor instanceof CompositeReactiveHealthContributor composite) {
				composite.stream().forEach((entry) -> reset(entry.contributor()));
			}
		}

	}

}
