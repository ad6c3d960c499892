package com.epithre.boot.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ahead-of-time processing of an application with a named client: the generated code compiles, and a context started
 * from it (as with {@code -Dspring.aot.enabled=true}) has the named client, qualified by its name and bound to its own
 * properties at run time, and the runtime hints of both {@code aot.factories}.
 */
class EpithreNamedClientsAotTests {

	private static final String DEFAULT_KEY = "esk_test_defaultkey00000123456789abcdef";

	private static final String KEY_A = "esk_test_tenantaaaa0123456789abcdefghij";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@RegisterExtension
	static final FakeEpithreExtension server = new FakeEpithreExtension();

	@Test
	void aNamedClientSurvivesAheadOfTimeProcessing(@TempDir Path output) throws Exception {
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(EpithreNamedClientsAotTests.class)), new InMemoryGeneratedFiles());
		ClassName initializerName;
		try (AnnotationConfigApplicationContext buildTime = new AnnotationConfigApplicationContext()) {
			withProperties(buildTime.getEnvironment(), "7s");
			buildTime.register(Application.class, Consumers.class);
			initializerName = new ApplicationContextAotGenerator().processAheadOfTime(buildTime, generation);
		}
		generation.writeGeneratedContent();
		assertThat(RuntimeHintsPredicates.reflection().onType(EpithreProperties.Concurrency.class))
			.accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection().onType(ChatCompletionChunk.class))
			.accepts(generation.getRuntimeHints());
		InMemoryGeneratedFiles files = (InMemoryGeneratedFiles) generation.getGeneratedFiles();
		compile(files.getGeneratedFiles(Kind.SOURCE), output);
		defineClasses(files.getGeneratedFiles(Kind.CLASS), output);

		try (GenericApplicationContext runTime = new GenericApplicationContext()) {
			// the named client's properties are read at run time, not when the code was generated
			withProperties(runTime.getEnvironment(), "9s");
			initializer(initializerName).initialize(runTime);
			runTime.refresh();
			Consumers consumers = runTime.getBean(Consumers.class);
			assertThat(consumers.tenantA).isSameAs(runTime.getBean("epithreClient-tenant-a"))
				.isNotSameAs(consumers.unqualified);
			assertThat(consumers.unqualified).isSameAs(runTime.getBean("epithreClient"));
			assertThat(((RootBeanDefinition) runTime.getBeanDefinition("epithreClient-tenant-a")).getInstanceSupplier())
				.as("created by generated code").isNotNull();
			assertThat(consumers.tenantA.settings().responseTimeout()).isEqualTo(Duration.ofSeconds(9));
			assertThat(consumers.tenantA.concurrencyLimiter().getConfiguredLimit()).isEqualTo(3);
			assertThat(runTime.containsBean("epithreConnectionProvider-tenant-a")).isTrue();
			consumers.tenantA.chat().create(ChatCompletionRequest.builder("epithre-lyt").user("Halo").build())
				.block(TIMEOUT);
			assertThat(bearer(server.server())).isEqualTo(KEY_A);
		}
	}

	private static void withProperties(ConfigurableEnvironment environment, String tenantResponseTimeout) {
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("spring.reactor.netty.shutdown-quiet-period", "0s",
					"epithre.base-url", server.server().baseUrl(), "epithre.api-key", DEFAULT_KEY,
					"epithre.clients.tenant-a.api-key", KEY_A, "epithre.clients.tenant-a.response-timeout", tenantResponseTimeout,
					"epithre.clients.tenant-a.concurrency.max-in-flight", "3")));
	}

	@SuppressWarnings("unchecked")
	private static ApplicationContextInitializer<GenericApplicationContext> initializer(ClassName name)
			throws ReflectiveOperationException {
		return (ApplicationContextInitializer<GenericApplicationContext>) Class.forName(name.reflectionName())
			.getDeclaredConstructor()
			.newInstance();
	}

	private static void compile(Map<String, InputStreamSource> sources, Path output) throws IOException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		List<JavaFileObject> units = new ArrayList<>();
		for (Map.Entry<String, InputStreamSource> source : sources.entrySet()) {
			String code = new String(read(source.getValue()), StandardCharsets.UTF_8);
			URI uri = URI.create("string:///" + source.getKey());
			units.add(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {

				@Override
				public CharSequence getCharContent(boolean ignoreEncodingErrors) {
					return code;
				}

			});
		}
		StringWriter diagnostics = new StringWriter();
		try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null,
				StandardCharsets.UTF_8)) {
			boolean compiled = compiler
				.getTask(diagnostics, fileManager, null,
						List.of("-classpath", System.getProperty("java.class.path"), "-d", output.toString(),
								"-proc:none"),
						null, units)
				.call();
			assertThat(compiled).as("generated code compiles:%n%s", diagnostics).isTrue();
		}
	}

	/**
	 * Define the compiled and the generated classes in the class loader and package of the classes they were generated
	 * for, as an AOT-processed application has them: the generated code calls package-private factory methods.
	 */
	private static void defineClasses(Map<String, InputStreamSource> generatedClasses, Path output)
			throws Exception {
		List<Path> compiled;
		try (Stream<Path> paths = Files.walk(output)) {
			compiled = paths.filter((path) -> path.toString().endsWith(".class"))
				.sorted(Comparator.comparing(Path::toString))
				.toList();
		}
		for (Path file : compiled) {
			define(output.relativize(file).toString(), Files.readAllBytes(file));
		}
		for (Map.Entry<String, InputStreamSource> generated : generatedClasses.entrySet()) {
			define(generated.getKey(), read(generated.getValue()));
		}
	}

	private static void define(String path, byte[] bytes) throws Exception {
		String className = path.replace('\\', '/').replace('/', '.').substring(0, path.length() - ".class".length());
		String host = className.replaceFirst("(__|\\$\\$).*$", "").replaceFirst("\\$.*$", "");
		Class<?> hostClass = Class.forName(host, false, EpithreNamedClientsAotTests.class.getClassLoader());
		MethodHandles.privateLookupIn(hostClass, MethodHandles.lookup()).defineClass(bytes);
	}

	private static byte[] read(InputStreamSource source) throws IOException {
		try (InputStream in = source.getInputStream(); OutputStream out = new ByteArrayOutputStream()) {
			in.transferTo(out);
			return ((ByteArrayOutputStream) out).toByteArray();
		}
	}

	private static String bearer(FakeEpithreServer server) {
		RecordedRequest request = Objects.requireNonNull(server.takeRequest(TIMEOUT), "no request arrived");
		return Objects.requireNonNull(request.header("authorization")).substring("Bearer ".length());
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
			WebClientAutoConfiguration.class, EpithreConnectionPoolAutoConfiguration.class,
			EpithreAutoConfiguration.class })
	static class Application {

	}

	@Configuration(proxyBeanMethods = false)
	static class Consumers {

		final EpithreClient unqualified;

		final EpithreClient tenantA;

		Consumers(EpithreClient unqualified, @Qualifier("tenant-a") EpithreClient tenantA) {
			this.unqualified = unqualified;
			this.tenantA = tenantA;
		}

	}

}
