package com.epithre.test.junit;

import java.time.Duration;

import com.epithre.test.FakeEpithreServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that starts a {@link FakeEpithreServer}, injects it as a parameter and closes it.
 *
 * <p>
 * Declared with {@link FakeEpithreTest @FakeEpithreTest} or on a {@code static} field with
 * {@code @RegisterExtension}, it runs one server per test class (shared by {@code @Nested} classes) and
 * {@linkplain FakeEpithreServer#reset() resets} it after each test. On an instance field it runs one server per test.
 * The settings given to this extension, such as {@link #concurrencyCap(int)}, are applied when a server starts and
 * again after each reset.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static FakeEpithreExtension fake = new FakeEpithreExtension().streamChunkDelay(Duration.ofMillis(20));
 *
 * &#64;Test
 * void streams() {
 *     EpithreClient client = EpithreClient.builder(WebClient.builder())
 *         .settings((settings) -&gt; settings.withBaseUrl(fake.server().baseUrl())
 *             .withApiKey("esk_test_0123456789abcdef0123456789abcdef"))
 *         .build();
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class FakeEpithreExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private static final String SERVER = "server";

	private final Namespace namespace = Namespace.create(FakeEpithreExtension.class, this);

	private final ServerSettings settings = new ServerSettings();

	private volatile @Nullable FakeEpithreServer server;

	/**
	 * Create an extension with the server's default settings.
	 */
	public FakeEpithreExtension() {
	}

	/**
	 * Set the per-key cap of requests in flight; see {@link FakeEpithreServer#concurrencyCap(int)}.
	 * @param cap the cap
	 * @return this extension
	 */
	public FakeEpithreExtension concurrencyCap(int cap) {
		this.settings.add((server) -> server.concurrencyCap(cap));
		return this;
	}

	/**
	 * Set the pause between default stream events; see {@link FakeEpithreServer#streamChunkDelay(Duration)}.
	 * @param delay the pause
	 * @return this extension
	 */
	public FakeEpithreExtension streamChunkDelay(Duration delay) {
		this.settings.add((server) -> server.streamChunkDelay(delay));
		return this;
	}

	/**
	 * Set the default assistant text; see {@link FakeEpithreServer#defaultReply(String)}.
	 * @param reply the text
	 * @return this extension
	 */
	public FakeEpithreExtension defaultReply(String reply) {
		this.settings.add((server) -> server.defaultReply(reply));
		return this;
	}

	/**
	 * Accept only the given key; see {@link FakeEpithreServer#requireApiKey(String)}.
	 * @param apiKey the only accepted key
	 * @return this extension
	 */
	public FakeEpithreExtension requireApiKey(String apiKey) {
		this.settings.add((server) -> server.requireApiKey(apiKey));
		return this;
	}

	/**
	 * Return the server of the running test, or of the test class when the extension is static.
	 * @return the started server
	 * @throws IllegalStateException outside a test run by this extension
	 */
	public FakeEpithreServer server() {
		FakeEpithreServer current = this.server;
		if (current == null) {
			throw new IllegalStateException("No FakeEpithreServer: the extension is not running a test");
		}
		return current;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (find(context) == null) {
			this.server = startIn(context);
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		FakeEpithreServer shared = find(context);
		// no server from beforeAll: the extension sits on an instance field, so each test gets its own
		this.server = (shared != null) ? shared : startIn(context);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		FakeEpithreServer own = context.getStore(this.namespace).remove(SERVER, FakeEpithreServer.class);
		if (own != null) {
			own.close();
			this.server = null;
			return;
		}
		FakeEpithreServer shared = find(context);
		if (shared != null) {
			shared.reset();
			this.settings.applyTo(shared);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		FakeEpithreServer own = context.getStore(this.namespace).remove(SERVER, FakeEpithreServer.class);
		if (own != null) {
			own.close();
			if (this.server == own) {
				this.server = null;
			}
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == FakeEpithreServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		FakeEpithreServer found = find(extensionContext);
		if (found == null) {
			throw new ParameterResolutionException("No FakeEpithreServer is running for "
					+ parameterContext.getDeclaringExecutable() + "; a per-test server (extension on an instance "
					+ "field) cannot be injected into constructors");
		}
		return found;
	}

	private @Nullable FakeEpithreServer find(ExtensionContext context) {
		// the store also looks in the stores of enclosing contexts: a class-level server serves its tests
		return context.getStore(this.namespace).get(SERVER, FakeEpithreServer.class);
	}

	private FakeEpithreServer startIn(ExtensionContext context) {
		FakeEpithreServer started = new FakeEpithreServer();
		// stored first: the store closes AutoCloseable values with its context, even if a later callback fails
		context.getStore(this.namespace).put(SERVER, started);
		this.settings.applyTo(started);
		return started.start();
	}

}
