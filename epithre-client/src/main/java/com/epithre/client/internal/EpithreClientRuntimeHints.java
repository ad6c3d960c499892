package com.epithre.client.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import com.epithre.client.batch.Batch;
import com.epithre.client.batch.BatchCreateRequest;
import com.epithre.client.batch.BatchList;
import com.epithre.client.batch.BatchRequestCounts;
import com.epithre.client.chat.CacheControl;
import com.epithre.client.chat.ChatChoice;
import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.ChatDelta;
import com.epithre.client.chat.ChatMessage;
import com.epithre.client.chat.ChunkChoice;
import com.epithre.client.chat.ContentPart;
import com.epithre.client.chat.FunctionCall;
import com.epithre.client.chat.FunctionDefinition;
import com.epithre.client.chat.ImageUrl;
import com.epithre.client.chat.JsonSchema;
import com.epithre.client.chat.MessageContent;
import com.epithre.client.chat.ResponseFormat;
import com.epithre.client.chat.StreamOptions;
import com.epithre.client.chat.Tool;
import com.epithre.client.chat.ToolCall;
import com.epithre.client.chat.ToolChoice;
import com.epithre.client.chat.Usage;
import com.epithre.client.embedding.Embedding;
import com.epithre.client.embedding.EmbeddingInput;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.embedding.EmbeddingResponse;
import com.epithre.client.embedding.EmbeddingUsage;
import com.epithre.client.file.FileDeleted;
import com.epithre.client.file.FileList;
import com.epithre.client.file.FileObject;
import com.epithre.client.image.ImageData;
import com.epithre.client.image.ImageEditRequest;
import com.epithre.client.image.ImageGenerationRequest;
import com.epithre.client.image.ImageResponse;
import com.epithre.client.models.Model;
import com.epithre.client.models.ModelList;
import com.epithre.client.rerank.RerankRequest;
import com.epithre.client.rerank.RerankResponse;
import com.epithre.client.rerank.RerankResult;
import com.epithre.client.retrieval.RetrievalRequest;
import com.epithre.client.retrieval.RetrievalResponse;
import com.epithre.client.retrieval.RetrievalResult;
import com.epithre.client.webhook.Webhook;
import com.epithre.client.webhook.WebhookDeleted;
import com.epithre.client.webhook.WebhookEvent;
import com.epithre.client.webhook.WebhookList;
import com.epithre.client.webhook.WebhookRegistration;

/**
 * Runtime hints for ahead-of-time processing and native images: reflection for Jackson's binding of every record the
 * client writes or reads on the wire, nested records and the internal error envelope included (Spring's
 * {@link BindingReflectionHintsRegistrar} also covers the methods annotated with {@code @JsonCreator},
 * {@code @JsonValue} and {@code @JsonAnyGetter}). Registered in
 * {@code META-INF/spring/aot.factories}. Types of the application (structured output, tool arguments) are the
 * application's to register, e.g. with {@code @RegisterReflectionForBinding}.
 */
class EpithreClientRuntimeHints implements RuntimeHintsRegistrar {

	/** The wire types, each with the records and enums nested in it. */
	static final List<Class<?>> WIRE_TYPES = List.of(
			// chat
			CacheControl.class, ChatChoice.class, ChatCompletion.class, ChatCompletionChunk.class,
			ChatCompletionRequest.class, ChatDelta.class, ChatMessage.class, ChunkChoice.class, ContentPart.class,
			FunctionCall.class, FunctionDefinition.class, ImageUrl.class, JsonSchema.class, MessageContent.class,
			ResponseFormat.class, StreamOptions.class, Tool.class, ToolCall.class, ToolChoice.class, Usage.class,
			Usage.PromptTokensDetails.class,
			// embedding
			Embedding.class, EmbeddingInput.class, EmbeddingInput.Shape.class, EmbeddingRequest.class,
			EmbeddingResponse.class, EmbeddingUsage.class,
			// rerank
			RerankRequest.class, RerankResponse.class, RerankResponse.Meta.class, RerankResponse.BilledUnits.class,
			RerankResult.class, RerankResult.Document.class,
			// retrieval
			RetrievalRequest.class, RetrievalResponse.class, RetrievalResult.class,
			// image
			ImageData.class, ImageEditRequest.class, ImageGenerationRequest.class, ImageResponse.class,
			// file
			FileDeleted.class, FileList.class, FileObject.class,
			// batch
			Batch.class, BatchCreateRequest.class, BatchList.class, BatchRequestCounts.class,
			// webhook
			Webhook.class, WebhookDeleted.class, WebhookEvent.class, WebhookEvent.Data.class, WebhookList.class,
			WebhookRegistration.class,
			// models
			Model.class, ModelList.class,
			// internal
			ErrorEnvelope.class, ErrorEnvelope.Body.class);

	private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		this.bindingRegistrar.registerReflectionHints(hints.reflection(), WIRE_TYPES.toArray(Class<?>[]::new));
	}

}
