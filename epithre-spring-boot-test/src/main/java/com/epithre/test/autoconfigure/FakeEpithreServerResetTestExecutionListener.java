package com.epithre.test.autoconfigure;

import java.lang.reflect.Method;

import com.epithre.test.FakeEpithreServer;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Resets every {@link FakeEpithreServer} bean after each test method, and every {@code EpithreResilience} bean of
 * the client with it (open {@code backend_busy} windows, adaptive limits back at their maximum, waiters served), so
 * that no test inherits what an earlier one taught the client. A context that is not loaded yet stays unloaded.
 */
final class FakeEpithreServerResetTestExecutionListener implements TestExecutionListener, Ordered {

	/**
	 * The client's shared resilience state, reached by name: this module cannot depend on the client's module, whose
	 * own tests use this one.
	 */
	static final String RESILIENCE_CLASS = "com.epithre.client.resilience.EpithreResilience";

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
		ClassLoader classLoader = applicationContext.getClassLoader();
		if (!ClassUtils.isPresent(RESILIENCE_CLASS, classLoader)) {
			return;
		}
		Class<?> type = ClassUtils.resolveClassName(RESILIENCE_CLASS, classLoader);
		Method reset = ReflectionUtils.findMethod(type, "reset");
		if (reset == null) {
			throw new IllegalStateException(RESILIENCE_CLASS + " has no reset() method: the epithre-spring-boot-test "
					+ "and epithre-spring-boot-autoconfigure versions differ");
		}
		for (String name : applicationContext.getBeanNamesForType(type, false, false)) {
			ReflectionUtils.invokeMethod(reset, applicationContext.getBean(name));
		}
	}

}
