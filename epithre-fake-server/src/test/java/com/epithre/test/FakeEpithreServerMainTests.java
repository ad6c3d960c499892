package com.epithre.test;

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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.chatRequest;
import static com.epithre.test.TestHttp.json;
import static com.epithre.test.TestHttp.sseData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FakeEpithreServerMain}: the real command in a process of its own, called over loopback HTTP.
 */
@Timeout(60)
class FakeEpithreServerMainTests {

	private static final Pattern BASE_URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+)/v1)");

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void stop() throws InterruptedException {
		for (Process process : this.processes) {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	@Test
	void startsOnARandomPortPrintsItAndServesTheScenario() throws Exception {
		Process process = launch("--port=0", "--scenario=backend-busy", "--quiet");
		String baseUrl = baseUrl(process);
		assertThat(Integer.parseInt(BASE_URL.matcher("listening on " + baseUrl).results().findFirst().orElseThrow()
			.group(2))).isPositive();
		HttpResponse<String> chat = post(baseUrl + "/chat/completions", chatRequest(false));
		assertThat(chat.statusCode()).isEqualTo(429);
		assertThat(chat.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(json(chat.body()).path("error").path("code").stringValue()).isEqualTo("backend_busy");
		HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/models"))
			.timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
		assertThat(models.statusCode()).as("other endpoints answer as usual").isEqualTo(200);
		process.destroy();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
	}

	@Test
	void midStreamScenarioSendsAnErrorEventAndNoDone() throws Exception {
		Process process = launch("--scenario=mid-stream-error", "--chunk-delay=0", "--reply=one two three four", "--quiet");
		String baseUrl = baseUrl(process);
		HttpResponse<String> chat = post(baseUrl + "/chat/completions", chatRequest(true));
		assertThat(chat.statusCode()).isEqualTo(200);
		List<String> data = sseData(chat.body());
		assertThat(data).hasSize(4).doesNotContain("[DONE]");
		assertThat(json(data.get(3)).path("error").path("code").stringValue()).isEqualTo("backend_busy");
	}

	@Test
	void requiredApiKeyHoldsInEveryScenario() throws Exception {
		try (FakeEpithreServer server = FakeEpithreServerMain
			.start(FakeEpithreServerMain.Options.parse("--port=0", "--api-key=" + KEY, "--scenario=server-error"))) {
			String url = server.baseUrl() + "/chat/completions";
			assertThat(post(url, chatRequest(false), TestHttp.OTHER_KEY).statusCode()).isEqualTo(401);
			assertThat(post(url, chatRequest(false), null).statusCode()).isEqualTo(401);
			assertThat(post(url, chatRequest(false), KEY).statusCode()).as("the scenario's answer").isEqualTo(500);
		}
	}

	@Test
	void unknownScenarioIsRefusedWithTheKnownOnes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FakeEpithreServerMain.Options.parse("--scenario=busy"))
			.withMessageContaining("Unknown scenario 'busy'")
			.withMessageContaining("backend-busy")
			.withMessageContaining("rate-limited");
		assertThatIllegalArgumentException().isThrownBy(() -> FakeEpithreServerMain.Options.parse("--port=70000"))
			.withMessage("--port must be an integer from 0 to 65535, got '70000'");
		assertThatIllegalArgumentException().isThrownBy(() -> FakeEpithreServerMain.Options.parse("--colour=red"))
			.withMessageContaining("--colour");
	}

	private Process launch(String... args) throws IOException {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Xmx128m", "-cp", classpath, FakeEpithreServerMain.class.getName()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.processes.add(process);
		return process;
	}

	private static String baseUrl(Process process) throws Exception {
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		List<String> seen = new ArrayList<>();
		String url = CompletableFuture.supplyAsync(() -> {
			try {
				for (String line = out.readLine(); line != null && seen.size() < 50; line = out.readLine()) {
					seen.add(line);
					Matcher matcher = BASE_URL.matcher(line);
					if (matcher.find()) {
						return matcher.group(1);
					}
				}
				return null;
			}
			catch (IOException ex) {
				return null;
			}
		}).get(30, TimeUnit.SECONDS);
		assertThat(url).as("the base URL printed at start, in: %s", seen).isNotNull();
		return url;
	}

	private static HttpResponse<String> post(String url, String body) throws Exception {
		return post(url, body, KEY);
	}

	private static HttpResponse<String> post(String url, String body, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
