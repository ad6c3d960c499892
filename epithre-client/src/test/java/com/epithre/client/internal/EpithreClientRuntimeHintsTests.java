package com.epithre.client.internal;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.util.ClassUtils;

import com.epithre.client.batch.BatchResult;
import com.epithre.client.chat.ChatChoice;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.ChatDelta;
import com.epithre.client.chat.ChunkChoice;
import com.epithre.client.chat.MessageContent;
import com.epithre.client.chat.ToolCall;
import com.epithre.client.chat.ToolChoice;
import com.epithre.client.chat.ToolFunction;
import com.epithre.client.chat.Usage;
import com.epithre.client.embedding.Embedding;
import com.epithre.client.embedding.EmbeddingInput;
import com.epithre.client.embedding.EmbeddingResponse;
import com.epithre.client.embedding.EmbeddingUsage;
import com.epithre.client.rerank.RerankResponse;
import com.epithre.client.webhook.WebhookEvent;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreClientRuntimeHintsTests {

	private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	/** Records of the wire packages that Jackson never binds: built in code, or holding a handler. */
	private static final Set<Class<?>> NOT_BOUND = Set.of(ToolFunction.class, BatchResult.class);

	private final RuntimeHints hints = registeredHints();

	@Test
	void registrarIsListedInAotFactories() {
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class);
		assertThat(registrars).hasAtLeastOneElementOfType(EpithreClientRuntimeHints.class);
	}

	@Test
	void streamedChunkAndItsNestedRecordsCanBeBound() {
		for (Class<?> type : List.of(ChatCompletionChunk.class, ChunkChoice.class, ChatDelta.class, ToolCall.class,
				Usage.class, Usage.PromptTokensDetails.class)) {
			assertBindable(type);
		}
	}

	@Test
	void embeddingResponseAndItsNestedRecordsCanBeBound() {
		for (Class<?> type : List.of(EmbeddingResponse.class, Embedding.class, EmbeddingUsage.class)) {
			assertBindable(type);
		}
	}

	@Test
	void errorEnvelopeCanBeBoundIncludingItsStringOnlyForm() throws NoSuchMethodException {
		assertBindable(ErrorEnvelope.class);
		assertBindable(ErrorEnvelope.Body.class);
		assertThat(reflection.onMethodInvocation(ErrorEnvelope.Body.class.getDeclaredMethod("ofMessage", String.class)))
			.accepts(this.hints);
	}

	@Test
	void delegatingCreatorsAndJsonValuesCanBeInvoked() throws NoSuchMethodException {
		for (Class<?> type : List.of(MessageContent.class, ToolChoice.class, EmbeddingInput.class)) {
			assertThat(reflection.onMethodInvocation(type.getDeclaredMethod("fromJson", Object.class)))
				.as("@JsonCreator of %s", type.getSimpleName())
				.accepts(this.hints);
		}
		assertThat(reflection.onMethodInvocation(MessageContent.class.getDeclaredMethod("json"))).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(ChatCompletionRequest.class.getDeclaredMethod("extraBody")))
			.accepts(this.hints);
	}

	@Test
	void everyRecordAndEnumOfTheWirePackagesIsRegistered() throws IOException {
		List<Class<?>> wireTypes = wireTypes();
		assertThat(wireTypes).contains(ChatChoice.class, RerankResponse.BilledUnits.class, WebhookEvent.Data.class,
				EmbeddingInput.Shape.class);
		for (Class<?> type : wireTypes) {
			assertThat(reflection.onType(type)).as("hints for %s", type.getName()).accepts(this.hints);
		}
	}

	@Test
	void typesOutsideTheWireAreNotRegistered() {
		assertThat(reflection.onType(ToolFunction.class)).rejects(this.hints);
		assertThat(reflection.onType(EpithreHttp.class)).rejects(this.hints);
	}

	private void assertBindable(Class<?> type) {
		assertThat(reflection.onType(type)).as("type hint for %s", type.getSimpleName()).accepts(this.hints);
		assertThat(type.isRecord()).isTrue();
		Class<?>[] parameterTypes = List.of(type.getRecordComponents())
			.stream()
			.map(RecordComponent::getType)
			.toArray(Class<?>[]::new);
		Constructor<?> canonical;
		try {
			canonical = type.getDeclaredConstructor(parameterTypes);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
		assertThat(reflection.onConstructorInvocation(canonical)).as("canonical constructor of %s", type.getSimpleName())
			.accepts(this.hints);
		for (RecordComponent component : type.getRecordComponents()) {
			Method accessor = component.getAccessor();
			assertThat(reflection.onMethodInvocation(accessor)).as("accessor %s.%s", type.getSimpleName(),
					accessor.getName())
				.accepts(this.hints);
		}
	}

	private static List<Class<?>> wireTypes() throws IOException {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		MetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
		List<Class<?>> types = new ArrayList<>();
		for (String pkg : List.of("chat", "embedding", "rerank", "retrieval", "image", "file", "batch", "webhook",
				"models")) {
			for (Resource resource : resolver.getResources("classpath*:com/epithre/client/" + pkg + "/*.class")) {
				String className = readers.getMetadataReader(resource).getClassMetadata().getClassName();
				Class<?> type = ClassUtils.resolveClassName(className, null);
				if ((type.isRecord() || type.isEnum()) && !NOT_BOUND.contains(type)) {
					types.add(type);
				}
			}
		}
		return types;
	}

	private static RuntimeHints registeredHints() {
		RuntimeHints hints = new RuntimeHints();
		new EpithreClientRuntimeHints().registerHints(hints, EpithreClientRuntimeHintsTests.class.getClassLoader());
		return hints;
	}

}
