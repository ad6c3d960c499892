package com.epithre.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ahead-of-time processed sample: the repackaged jar, which holds the code {@code process-aot} generated, started
 * in a JVM of its own with {@code -Dspring.aot.enabled=true} in demo mode, streams a chat reply. Run by the
 * {@code aot-tests} execution after {@code package} (docs/building.md, AOT); the other tests run without AOT.
 */
class SampleApplicationAotTests {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(45);

	private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern PORT = Pattern.compile("Netty started on port (\\d+)");

	private final List<String> output = new ArrayList<>();

	private final CompletableFuture<Integer> port = new CompletableFuture<>();

	@Test
	void aotProcessedJarStartsInAotModeAndStreamsAChatReply() throws Exception {
		Path jar = Path.of(System.getProperty("epithre.sample.jar", "target/epithre-sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the repackaged sample; this test runs after package: mvn -pl sample-app verify").exists();
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=true", "-jar", jar.toString(), "--server.port=0", "--server.address=127.0.0.1")
			.redirectErrorStream(true);
		// demo mode: no key, so the embedded fake server on loopback answers
		builder.environment().remove("EPITHRE_API_KEY");
		Process process = builder.start();
		try {
			Thread reader = new Thread(() -> read(process), "sample-aot-output");
			reader.setDaemon(true);
			reader.start();
			int serverPort = this.port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(lines()).as("started from the generated initializer")
				.anyMatch((line) -> line.contains("Starting AOT-processed SampleApplication"));
			HttpResponse<String> response = stream(serverPort);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			List<String> events = eventNames(response.body());
			assertThat(events).filteredOn("token"::equals).hasSizeGreaterThanOrEqualTo(3);
			assertThat(events).doesNotContain("error").contains("usage").endsWith("done");
			assertThat(response.body()).contains("\"text\":\" embedded\"");
		}
		finally {
			stop(process);
			lines().forEach(System.out::println);
		}
	}

	private HttpResponse<String> stream(int serverPort) throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/api/chat/stream?prompt=Hello"))
			.header("Accept", "text/event-stream")
			.timeout(STREAM_TIMEOUT)
			.GET()
			.build();
		return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
			.get(STREAM_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	private static List<String> eventNames(String body) {
		List<String> names = new ArrayList<>();
		for (String line : body.split("\r?\n")) {
			if (line.startsWith("event:")) {
				names.add(line.substring("event:".length()).trim());
			}
		}
		return names;
	}

	private void read(Process process) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				synchronized (this.output) {
					this.output.add(line);
				}
				Matcher matcher = PORT.matcher(line);
				if (matcher.find()) {
					this.port.complete(Integer.parseInt(matcher.group(1)));
				}
			}
		}
		catch (IOException ex) {
			// the process was stopped while its output was read
		}
		this.port.completeExceptionally(new IllegalStateException("the sample ended before its server started"));
	}

	private List<String> lines() {
		synchronized (this.output) {
			return new ArrayList<>(this.output);
		}
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(15, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
