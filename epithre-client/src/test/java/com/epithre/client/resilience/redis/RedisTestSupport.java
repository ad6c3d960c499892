package com.epithre.client.resilience.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;

/**
 * The real Redis of the tests: the one {@code .ci/run} starts on 127.0.0.1:6391 (another port with
 * {@code -Depithre.test.redis.port}), or, when nothing answers there, one this JVM starts itself from an installed
 * {@code redis-server}; and private {@code redis-server} processes for tests that stop Redis mid-run. Outside CI the
 * tests skip with one line naming what is missing when {@code redis-server} is not installed; with {@code CI=true}
 * they fail instead.
 */
public final class RedisTestSupport {

	/** Port of the shared test Redis. */
	public static final int PORT = Integer.getInteger("epithre.test.redis.port", 6391);

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

	private RedisTestSupport() {
	}

	/**
	 * Return the address of the shared test Redis, skipping the test (failing it in CI) when nothing answers there.
	 * @return the {@code redis://} address
	 */
	public static String requireSharedRedis() {
		if (listening(PORT)) {
			return address(PORT);
		}
		return OwnSharedRedis.address();
	}

	/**
	 * Return a namespace no other test uses, so tests sharing one Redis never see each other's permits.
	 * @return the namespace
	 */
	public static String freshNamespace() {
		return "epithre-test-" + UUID.randomUUID();
	}

	/**
	 * Create a patient Redisson client for a test: cold JVMs sharing two busy cores may need seconds for a connection.
	 * @param address the {@code redis://} address
	 * @return the client, to shut down after the test
	 */
	public static RedissonClient redisson(String address) {
		return redisson(address, Duration.ofSeconds(10), 3, Duration.ofSeconds(1));
	}

	/**
	 * Create a Redisson client that gives up at once when Redis is gone, for outage tests.
	 * @param address the {@code redis://} address
	 * @return the client, to shut down after the test
	 */
	public static RedissonClient impatientRedisson(String address) {
		return redisson(address, Duration.ofSeconds(1), 1, Duration.ofMillis(100));
	}

	/**
	 * Shut a client down, waiting at most 10 s. Redisson 4.7's timer thread can spin for ever while it completes a
	 * command's retry timeout during shutdown (its connection semaphore's waiter queue disagrees with itself, see
	 * redisson/redisson#7285), and {@code shutdown()} then waits for that thread without end. A test moves on instead
	 * of hanging the build; the spinning thread ends with the test JVM.
	 * @param client the client
	 */
	public static void shutdown(RedissonClient client) {
		Thread shutdown = new Thread(client::shutdown, "redisson-test-shutdown");
		shutdown.setDaemon(true);
		shutdown.start();
		try {
			shutdown.join(SHUTDOWN_WAIT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (shutdown.isAlive()) {
			System.err.println("Redisson did not shut down within " + SHUTDOWN_WAIT + "; going on without it");
		}
	}

	private static RedissonClient redisson(String address, Duration timeout, int attempts, Duration retryDelay) {
		Config config = new Config();
		config.setLazyInitialization(true);
		config.setNettyThreads(4);
		config.setThreads(2);
		config.useSingleServer()
			.setAddress(address)
			.setTimeout((int) timeout.toMillis())
			.setConnectTimeout((int) timeout.toMillis())
			.setRetryAttempts(attempts)
			.setRetryDelay(new ConstantDelay(retryDelay))
			.setConnectionMinimumIdleSize(1)
			.setSubscriptionConnectionMinimumIdleSize(1);
		return Redisson.create(config);
	}

	static String address(int port) {
		return "redis://127.0.0.1:" + port;
	}

	static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static void unavailable(String reason) {
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail("CI=true and " + reason + "; CI must run the Redis tests (.ci/run installs redis-server)");
		}
		Assumptions.abort("Redis test skipped: " + reason
				+ " (install it with 'apt-get install redis-server'; with CI=true this fails instead)");
	}

	/**
	 * Wait until a condition holds, polling every 20 ms.
	 * @param timeout the longest wait
	 * @param condition the condition
	 * @return whether it held in time
	 */
	public static boolean await(Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/**
	 * The shared Redis this JVM starts when nothing answers on {@link #PORT}: once, on first use, stopped by PID when
	 * the JVM exits. A failed start is remembered, so every later test skips at once with the same reason.
	 */
	private static final class OwnSharedRedis {

		private static PrivateRedis redis;

		private static String failure;

		private OwnSharedRedis() {
		}

		static synchronized String address() {
			if (redis == null && failure == null) {
				try {
					redis = PrivateRedis.launch();
					PrivateRedis started = redis;
					Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "epithre-test-redis-stop"));
				}
				catch (IOException ex) {
					failure = "no Redis answers on 127.0.0.1:" + PORT + " and redis-server could not be started ("
							+ ex.getMessage() + ")";
				}
			}
			if (redis == null) {
				unavailable(failure);
			}
			return redis.address();
		}

	}

	/**
	 * A {@code redis-server} of the test's own on a free loopback port, which the test may stop and start again.
	 */
	public static final class PrivateRedis implements AutoCloseable {

		private final int port;

		private final Path directory;

		private Process process;

		private PrivateRedis(int port, Path directory) {
			this.port = port;
			this.directory = directory;
		}

		/**
		 * Start a private Redis, skipping the test (failing it in CI) when {@code redis-server} is not installed.
		 * @return the running server
		 */
		public static PrivateRedis start() {
			try {
				return launch();
			}
			catch (IOException ex) {
				unavailable("redis-server could not be started (" + ex.getMessage() + ")");
				throw new IllegalStateException(ex);
			}
		}

		static PrivateRedis launch() throws IOException {
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			PrivateRedis redis = new PrivateRedis(port, Files.createTempDirectory("epithre-redis"));
			redis.startAgain();
			return redis;
		}

		/**
		 * Return the {@code redis://} address.
		 * @return the address
		 */
		public String address() {
			return RedisTestSupport.address(this.port);
		}

		/**
		 * Start the server again on the same port (after {@link #stop()}).
		 * @throws IOException when it cannot be started
		 */
		public void startAgain() throws IOException {
			this.process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString()))
				.redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("redis.log").toFile())
				.start();
			if (!await(Duration.ofSeconds(10), () -> listening(this.port))) {
				stop();
				throw new IOException("redis-server did not listen on 127.0.0.1:" + this.port + " within 10 s");
			}
		}

		/**
		 * Kill the server at once (SIGKILL), as a crash would.
		 */
		public void stop() {
			Process running = this.process;
			if (running != null && running.isAlive()) {
				running.destroyForcibly();
				try {
					running.waitFor(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		@Override
		public void close() {
			stop();
		}

	}

}
