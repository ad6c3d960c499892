package com.epithre.test;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link FakeEpithreServer} on its own, for {@code curl} or another application, until the process is stopped:
 *
 * <pre>
 * mvn -q -pl epithre-fake-server compile exec:java -Dexec.args="--port=8089 --scenario=backend-busy"
 * </pre>
 *
 * <p>
 * Options: {@code --port=N} (0, the default, takes a free port), {@code --scenario=NAME} (see {@code --help}),
 * {@code --reply=TEXT}, {@code --chunk-delay=MILLIS}, {@code --concurrency-cap=N}, {@code --api-key=KEY} (answer
 * 401 to any other key) and {@code --quiet}. It listens on 127.0.0.1 only and prints its base URL on the first line.
 *
 * @since 0.1.0
 */
public final class FakeEpithreServerMain {

	private FakeEpithreServerMain() {
	}

	/**
	 * Start the server and wait until the JVM is stopped (Ctrl-C).
	 * @param args the options
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println();
			usage(System.err);
			System.exit(2);
			return;
		}
		if (options.help) {
			usage(System.out);
			return;
		}
		FakeEpithreServer server = start(options);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.close();
			stopped.countDown();
		}, "fake-epithre-stop"));
		System.out.println("Fake Epithre server listening on " + server.baseUrl() + " (scenario "
				+ options.scenario.flag() + ": " + options.scenario.description() + ")");
		System.out.println("Stop it with Ctrl-C.");
		System.out.flush();
		drainRequests(server, options.quiet);
		stopped.await();
	}

	/**
	 * Start a server as the options say.
	 * @param options the parsed options
	 * @return the started server
	 */
	static FakeEpithreServer start(Options options) {
		FakeEpithreServer server = new FakeEpithreServer();
		server.defaultReply(options.reply).streamChunkDelay(options.chunkDelay).concurrencyCap(options.concurrencyCap);
		if (options.apiKey != null) {
			server.requireApiKey(options.apiKey);
		}
		server.setDispatcher(options.scenario.dispatcher(options.reply, options.apiKey));
		return server.start(options.port);
	}

	/**
	 * Take every recorded request off the server's list, so a long run holds none of them, printing one line each.
	 */
	private static void drainRequests(FakeEpithreServer server, boolean quiet) {
		Thread drainer = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				RecordedRequest request = server.takeRequest(Duration.ofSeconds(1));
				if (request != null && !quiet) {
					System.out.println(request.method() + " " + request.path() + " (" + request.requestId() + ")");
				}
			}
		}, "fake-epithre-requests");
		drainer.setDaemon(true);
		drainer.start();
	}

	private static void usage(PrintStream out) {
		out.println("Usage: FakeEpithreServerMain [--port=N] [--scenario=NAME] [--reply=TEXT] [--chunk-delay=MILLIS]");
		out.println("                             [--concurrency-cap=N] [--api-key=KEY] [--quiet] [--help]");
		out.println("  --port             port on 127.0.0.1; 0 (the default) takes a free one, printed at start");
		out.println("  --scenario         what POST /v1/chat/completions answers:");
		for (FakeServerScenario scenario : FakeServerScenario.values()) {
			out.printf("                       %-22s %s%n", scenario.flag(), scenario.description());
		}
		out.println("  --reply            assistant text of successful chat calls");
		out.println("  --chunk-delay      pause between streamed tokens in milliseconds (default 50)");
		out.println("  --concurrency-cap  requests in flight per key before 429 concurrency_exceeded (default "
				+ FakeEpithreServer.DEFAULT_CONCURRENCY_CAP + ")");
		out.println("  --api-key          answer 401 to every other key (default: any key without whitespace)");
		out.println("  --quiet            do not print a line per request");
	}

	/**
	 * The parsed command line.
	 */
	static final class Options {

		int port;

		FakeServerScenario scenario = FakeServerScenario.OK;

		String reply = FakeEpithreServer.DEFAULT_REPLY;

		Duration chunkDelay = Duration.ofMillis(50);

		int concurrencyCap = FakeEpithreServer.DEFAULT_CONCURRENCY_CAP;

		@Nullable String apiKey;

		boolean quiet;

		boolean help;

		static Options parse(String... args) {
			Options options = new Options();
			for (String arg : args) {
				if (arg.equals("--help") || arg.equals("-h")) {
					options.help = true;
					continue;
				}
				if (arg.equals("--quiet")) {
					options.quiet = true;
					continue;
				}
				int equals = arg.indexOf('=');
				if (!arg.startsWith("--") || equals < 0) {
					throw new IllegalArgumentException("Unknown argument '" + arg + "'; options take the form --name=value");
				}
				String name = arg.substring(2, equals);
				String value = arg.substring(equals + 1);
				switch (name) {
					case "port" -> options.port = integer(name, value, 0, 65535);
					case "scenario" -> options.scenario = FakeServerScenario.of(value);
					case "reply" -> options.reply = value;
					case "chunk-delay" -> options.chunkDelay = Duration.ofMillis(integer(name, value, 0, 60_000));
					case "concurrency-cap" -> options.concurrencyCap = integer(name, value, 1, 10_000);
					case "api-key" -> options.apiKey = value;
					default -> throw new IllegalArgumentException("Unknown option '--" + name + "'");
				}
			}
			return options;
		}

		private static int integer(String name, String value, int min, int max) {
			try {
				int parsed = Integer.parseInt(value);
				if (parsed >= min && parsed <= max) {
					return parsed;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new IllegalArgumentException(
					"--" + name + " must be an integer from " + min + " to " + max + ", got '" + value + "'");
		}

	}

}
