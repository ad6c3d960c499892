package com.epithre.test.junit;

import java.util.ArrayList;
import java.util.List;

import com.epithre.test.FakeEpithreServer;
import com.epithre.test.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link FakeEpithreExtension} on an instance field: one server per test, closed after it.
 */
@Timeout(10)
class FakeEpithreExtensionInstanceFieldTests {

	private static final List<FakeEpithreServer> servers = new ArrayList<>();

	@RegisterExtension
	final FakeEpithreExtension fake = new FakeEpithreExtension();

	@RepeatedTest(2)
	void eachTestGetsAFreshServer(FakeEpithreServer server) {
		assertThat(server).isSameAs(this.fake.server());
		assertThat(TestHttp.get(server, "/v1/models").statusCode()).isEqualTo(200);
		for (FakeEpithreServer previous : servers) {
			assertThat(previous).isNotSameAs(server);
			assertThatIllegalStateException().as("closed after its test").isThrownBy(previous::start);
		}
		servers.add(server);
	}

	@AfterAll
	static void bothTestsRan() {
		assertThat(servers).hasSize(2);
	}

}
