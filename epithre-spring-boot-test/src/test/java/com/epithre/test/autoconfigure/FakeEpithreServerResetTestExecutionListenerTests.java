package com.epithre.test.autoconfigure;

import java.util.List;

import com.epithre.test.FakeEpithreServer;
import com.epithre.test.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Tests for {@link FakeEpithreServerResetTestExecutionListener}.
 */
class FakeEpithreServerResetTestExecutionListenerTests {

	private final FakeEpithreServerResetTestExecutionListener listener =
			new FakeEpithreServerResetTestExecutionListener();

	@Test
	void isRegisteredAsADefaultTestExecutionListener() {
		List<TestExecutionListener> listeners = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(TestExecutionListener.class, FailureHandler.handleMessage((message, failure) -> {
				// other modules' listeners, such as the servlet one, may not load on this classpath
			}));
		assertThat(listeners).hasAtLeastOneElementOfType(FakeEpithreServerResetTestExecutionListener.class);
	}

	@Test
	void doesNotLoadAContextThatIsNotLoaded() {
		TestContext testContext = mock(TestContext.class);
		given(testContext.hasApplicationContext()).willReturn(false);
		this.listener.afterTestMethod(testContext);
		then(testContext).should(never()).getApplicationContext();
	}

	@Test
	void resetsEveryServerBean() {
		try (FakeEpithreServer server = new FakeEpithreServer().start();
				GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(FakeEpithreServer.class, () -> server);
			context.refresh();
			TestHttp.get(server, "/v1/models");
			TestContext testContext = mock(TestContext.class);
			given(testContext.hasApplicationContext()).willReturn(true);
			given(testContext.getApplicationContext()).willReturn(context);
			this.listener.afterTestMethod(testContext);
			assertThat(server.requestCount()).isZero();
		}
	}

	@Test
	void runsAfterSpringsOwnListeners() {
		assertThat(this.listener.getOrder()).isGreaterThan(5000);
	}

}
