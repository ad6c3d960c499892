package com.epithre.boot.autoconfigure;

import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import com.epithre.client.EpithreClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad {@code epithre.*} values fail start-up with a failure analysis naming the property and the fix, found through
 * {@code META-INF/spring.factories} as Spring Boot finds it.
 */
@ExtendWith(OutputCaptureExtension.class)
class EpithreConfigurationFailureAnalyzerTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s")
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				EpithreAutoConfiguration.class));

	@Test
	void unresolvedPlaceholderInTheKeyNamesTheVariable() {
		this.contextRunner.withPropertyValues("epithre.api-key=${EPITHRE_API_KEY_UNSET_IN_TESTS}").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("epithre.api-key",
					"EPITHRE_API_KEY_UNSET_IN_TESTS is not set");
			assertThat(analysis.getAction()).contains("Set the environment variable EPITHRE_API_KEY_UNSET_IN_TESTS",
					"${EPITHRE_API_KEY_UNSET_IN_TESTS:}");
		});
	}

	@Test
	void placeholderWithSurroundingTextIsFoundToo() {
		this.contextRunner.withPropertyValues("epithre.api-key=esk_live_${EPITHRE_KEY_SUFFIX_UNSET_IN_TESTS}")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("EPITHRE_KEY_SUFFIX_UNSET_IN_TESTS is not set"));
	}

	@Test
	void bearerPrefixIsRefusedWithoutShowingTheKey() {
		this.contextRunner.withPropertyValues("epithre.api-key=Bearer " + KEY).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("epithre.api-key starts with 'Bearer '")
				.doesNotContain("esk_test_0123");
			assertThat(analysis.getAction()).contains("Remove 'Bearer ' from epithre.api-key");
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(EpithreConfigurationException.class);
		});
	}

	@Test
	void whitespaceInsideTheKeyShowsItsPositionAndOnlyTheKeyPrefix() {
		this.contextRunner.withPropertyValues("epithre.api-key=esk_test_0123456789abc defghijklmnopqrstuv")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("epithre.api-key (esk_test_012...)",
						"whitespace inside it, at character 23").doesNotContain("3456789abc");
				assertThat(analysis.getAction()).contains("Copy the key again");
			});
	}

	@Test
	void baseUrlWithoutSchemeOrHostIsRefused() {
		this.contextRunner.withPropertyValues("epithre.base-url=api.epithre.com/v1").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription())
				.contains("epithre.base-url 'api.epithre.com/v1' does not start with http:// or https://");
			assertThat(analysis.getAction()).contains("https://api.epithre.com/v1");
		});
		this.contextRunner.withPropertyValues("epithre.base-url=localhost:8080/v1")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("'localhost:8080/v1' does not start with http:// or https://"));
		this.contextRunner.withPropertyValues("epithre.base-url=https:///v1")
			.run((context) -> assertThat(analyze(context).getDescription()).contains("has no host"));
		this.contextRunner.withPropertyValues("epithre.base-url=${EPITHRE_BASE_URL_UNSET_IN_TESTS}")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("epithre.base-url", "EPITHRE_BASE_URL_UNSET_IN_TESTS is not set"));
	}

	@Test
	void limitsNameThePropertyNotTheJavaField() {
		this.contextRunner.withPropertyValues("epithre.concurrency.max-in-flight=0").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription())
				.contains("epithre.concurrency.max-in-flight must be at least 1, but it is 0")
				.doesNotContain("maxInFlight");
			assertThat(analysis.getAction()).contains("Set epithre.concurrency.max-in-flight to a value at least 1");
		});
		this.contextRunner.withPropertyValues("epithre.retry.max-attempts=0")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("epithre.retry.max-attempts must be at least 1"));
		this.contextRunner.withPropertyValues("epithre.retry.rate-limit-min=3s", "epithre.retry.rate-limit-max=500ms")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("epithre.retry.rate-limit-max (500ms) is shorter than epithre.retry.rate-limit-min (3s)"));
		this.contextRunner.withPropertyValues("epithre.stream.idle-timeout=0s")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("epithre.stream.idle-timeout must be longer than zero, but it is 0s"));
		this.contextRunner.withPropertyValues("epithre.concurrency.max-queue=-1")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("epithre.concurrency.max-queue must be at least 0"));
	}

	@Test
	void redisModeWithoutRedissonNamesTheDependencyAndTheAlternative() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(EpithreCoordinationAutoConfiguration.class))
			.withPropertyValues("epithre.coordination.mode=redis")
			.withClassLoader(new FilteredClassLoader(RedissonClient.class))
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("epithre.coordination.mode=redis needs Redisson");
				assertThat(analysis.getAction()).contains("org.redisson:redisson", "epithre.coordination.mode=local");
			});
	}

	@Test
	void mistypedCoordinationModeFailsStartUpListingTheAcceptedValues() {
		this.contextRunner.withPropertyValues("epithre.coordination.mode=redsi").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("epithre.coordination.mode", "\"redsi\"");
			assertThat(analysis.getAction()).contains("LOCAL", "REDIS");
		});
		this.contextRunner.withPropertyValues("epithre.coordination.on-redis-failure=fallbak").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("epithre.coordination.on-redis-failure", "\"fallbak\"");
			assertThat(analysis.getAction()).contains("FALLBACK", "FAIL");
		});
	}

	@Test
	void baseUrlWithoutV1WarnsOnceAtStartUp(CapturedOutput output) {
		this.contextRunner.withPropertyValues("epithre.base-url=http://127.0.0.1:9/api").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(EpithreClient.class).settings().baseUrl()).isEqualTo("http://127.0.0.1:9/api");
		});
		assertThat(occurrences(output.getAll(), "epithre.base-url 'http://127.0.0.1:9/api' has the path '/api'"))
			.isOne();
		assertThat(output.getAll()).contains("requests go to http://127.0.0.1:9/api/chat/completions");
	}

	@Test
	void baseUrlEndingWithV1DoesNotWarn(CapturedOutput output) {
		this.contextRunner.withPropertyValues("epithre.base-url=https://gateway.example.com/epithre/v1/")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getAll()).doesNotContain("epithre.base-url");
	}

	@Test
	void unknownKeyPrefixWarnsOnceNamingTheProperty(CapturedOutput output) {
		String key = "sk-proj-unknownprefix0123456789abcdef";
		this.contextRunner.withPropertyValues("epithre.api-key=" + key).run((context) -> {
			assertThat(context).hasNotFailed();
			EpithreClient client = context.getBean(EpithreClient.class);
			assertThat(client.settings().apiKey()).isEqualTo(key);
			// every copy of the settings checks the key again; none of them warns again
			client.settings().withRetry(client.settings().retry()).withIncludeUsage(false);
		});
		assertThat(occurrences(output.getAll(), "does not start with esk_live_ or esk_test_")).isOne();
		assertThat(output.getAll()).contains("epithre.api-key (sk-proj-unkn...) does not start with")
			.doesNotContain("unknownprefix0123");
	}

	@Test
	void analyzerIsRegisteredForSpringBootToFind() {
		assertThat(analyzers()).hasAtLeastOneElementOfType(EpithreConfigurationFailureAnalyzer.class);
	}

	@Test
	void startUpFailurePrintsBootsBlockWithPropertyOriginAndActionButNoStackTrace(CapturedOutput output) {
		SpringApplication application = new SpringApplication(FailingApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(
				() -> application.run("--spring.config.location=classpath:failure-analysis/unset-key.properties"))
			.satisfies((ex) -> assertThat(ex).hasRootCauseInstanceOf(EpithreConfigurationException.class));
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "Description:",
				"epithre.api-key is set to the placeholder ${EPITHRE_API_KEY_UNSET_IN_TESTS}, but "
						+ "EPITHRE_API_KEY_UNSET_IN_TESTS is not set",
				"Property epithre.api-key is set in class path resource [failure-analysis/unset-key.properties]",
				"Action:", "Set the environment variable EPITHRE_API_KEY_UNSET_IN_TESTS")
			.doesNotContain("\tat ");
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		// as Spring Boot's FailureAnalyzers does: every registered analyzer in order, the first answer wins
		FailureAnalysis analysis = analyzers().stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("esk_test_0123456");
		return analysis;
	}

	private static List<FailureAnalyzer> analyzers() {
		ArgumentResolver arguments = ArgumentResolver.of(Environment.class, new StandardEnvironment())
			.and(BeanFactory.class, new DefaultListableBeanFactory());
		return SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, arguments, FailureHandler.handleMessage((message, ex) -> {
			}));
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
			WebClientAutoConfiguration.class, EpithreAutoConfiguration.class })
	static class FailingApplication {

	}

}
