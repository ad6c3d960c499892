package com.epithre.test.autoconfigure;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;

/**
 * Resets every {@link FakeEpithreServer} bean after each test method, and every {@link EpithreResilience} bean of
 * the client with it (open {@code backend_busy} windows, adaptive limits back at their maximum, waiters served), so
 * that no test inherits what an earlier one taught the client. A context that is not loaded yet stays unloaded.
 */
final class FakeEpithreServerResetTestExecutionListener implements TestExecutionListener, Ordered {

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
		}
	}

	private static void resetResilience(ApplicationContext applicationContext) {
		for (String name : applicationContext.getBeanNamesForType(EpithreResilience.class, false, false)) {
			applicationContext.getBean(name, EpithreResilience.class).reset();
		}
	}

}
