package com.epithre.test.autoconfigure;

import com.epithre.test.FakeEpithreServer;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Resets every {@link FakeEpithreServer} bean after each test method, without loading a context that is not loaded
 * yet.
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
		for (String name : applicationContext.getBeanNamesForType(FakeEpithreServer.class, false, false)) {
			applicationContext.getBean(name, FakeEpithreServer.class).reset();
		}
	}

}
