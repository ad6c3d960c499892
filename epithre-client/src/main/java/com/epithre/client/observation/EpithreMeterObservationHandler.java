package com.epithre.client.observation;

import java.time.Duration;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import com.epithre.client.chat.Usage;
import com.epithre.client.error.EpithreBulkheadFullException;
import com.epithre.client.observation.EpithreObservationDocumentation.LowCardinalityKeyNames;

/**
 * Records the meters of an Epithre operation that a timer cannot hold, when its observation stops: token usage, time
 * to first chunk, chunks and cancellations of streams, 429s by code, retries by cause and concurrency permits refused.
 * Micrometer's {@code DefaultMeterObservationHandler} records the operation timer itself
 * ({@value DefaultEpithreObservationConvention#NAME}); register both on the {@code ObservationRegistry} (Spring Boot
 * does). Tags come from the observation's low-cardinality keys, so a custom convention's values apply.
 *
 * @since 0.1.0
 */
public class EpithreMeterObservationHandler implements ObservationHandler<EpithreObservationContext> {

	/** Token counts per operation, tagged {@value #TOKEN_TYPE} (OpenTelemetry {@code gen_ai}). */
	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/** Time from the start of a stream to its first chunk (OpenTelemetry {@code gen_ai}). */
	public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

	/** Chunks delivered per stream. */
	public static final String STREAM_CHUNKS = "epithre.client.stream.chunks";

	/** Streams cancelled by their subscriber. */
	public static final String STREAM_CANCELLATIONS = "epithre.client.stream.cancellations";

	/** 429 answers, tagged {@value #CODE}. */
	public static final String RATE_LIMITED = "epithre.client.rate_limited";

	/** Retries, tagged {@value #CAUSE}. */
	public static final String RETRIES = "epithre.client.retries";

	/** Calls refused because no concurrency permit came in time (nothing was sent). */
	public static final String BULKHEAD_REJECTIONS = "epithre.client.bulkhead.rejections";

	/** Tag of {@value #TOKEN_USAGE}: {@code input}, {@code output}, {@code cache_read} or {@code cache_creation}. */
	public static final String TOKEN_TYPE = "gen_ai.token.type";

	/** Tag of {@value #RATE_LIMITED}: the error code. */
	public static final String CODE = "code";

	/** Tag of {@value #RETRIES}: the retry cause. */
	public static final String CAUSE = "cause";

	private final MeterRegistry registry;

	/**
	 * Create a handler.
	 * @param registry where the meters go
	 */
	public EpithreMeterObservationHandler(MeterRegistry registry) {
		Assert.notNull(registry, "registry must not be null");
		this.registry = registry;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof EpithreObservationContext;
	}

	@Override
	public void onStop(EpithreObservationContext context) {
		Tags operation = tags(context, LowCardinalityKeyNames.OPERATION_NAME, LowCardinalityKeyNames.PROVIDER_NAME,
				LowCardinalityKeyNames.REQUEST_MODEL);
		Tags call = operation.and(tags(context, LowCardinalityKeyNames.SERVER_ADDRESS, LowCardinalityKeyNames.STREAM));
		recordUsage(context.getUsage(), call);
		if (context.isStream()) {
			Duration firstChunk = context.getTimeToFirstChunk();
			if (firstChunk != null) {
				Timer.builder(TIME_TO_FIRST_CHUNK)
					.description("Time from the start of a streamed Epithre call to its first chunk")
					.tags(call)
					.register(this.registry)
					.record(firstChunk);
			}
			DistributionSummary.builder(STREAM_CHUNKS)
				.description("Chunks delivered per Epithre stream")
				.baseUnit("chunks")
				.tags(call)
				.register(this.registry)
				.record(context.getChunks());
			if (context.isCancelled()) {
				Counter.builder(STREAM_CANCELLATIONS)
					.description("Epithre streams cancelled by their subscriber")
					.tags(operation)
					.register(this.registry)
					.increment();
			}
		}
		for (Map.Entry<String, Integer> entry : context.getRateLimitedByCode().entrySet()) {
			Counter.builder(RATE_LIMITED)
				.description("429 answers from Epithre, by error code")
				.tags(operation)
				.tag(CODE, entry.getKey())
				.register(this.registry)
				.increment(entry.getValue());
		}
		for (Map.Entry<String, Integer> entry : context.getRetriesByCause().entrySet()) {
			Counter.builder(RETRIES)
				.description("Retried Epithre calls, by cause")
				.tags(operation)
				.tag(CAUSE, entry.getKey())
				.register(this.registry)
				.increment(entry.getValue());
		}
		if (context.getError() instanceof EpithreBulkheadFullException) {
			Counter.builder(BULKHEAD_REJECTIONS)
				.description("Epithre calls refused for want of a concurrency permit; nothing was sent")
				.tags(operation)
				.register(this.registry)
				.increment();
		}
	}

	private void recordUsage(@Nullable Usage usage, Tags tags) {
		if (usage == null) {
			return;
		}
		record(tags, "input", usage.promptTokens());
		record(tags, "output", usage.completionTokens());
		record(tags, "cache_read", usage.cacheReadInputTokens());
		record(tags, "cache_creation", usage.cacheCreationInputTokens());
	}

	private void record(Tags tags, String type, @Nullable Integer tokens) {
		if (tokens == null) {
			return;
		}
		DistributionSummary.builder(TOKEN_USAGE)
			.description("Tokens used per Epithre operation")
			.baseUnit("tokens")
			.tags(tags)
			.tag(TOKEN_TYPE, type)
			.register(this.registry)
			.record(tokens);
	}

	private static Tags tags(EpithreObservationContext context, LowCardinalityKeyNames... names) {
		Tags tags = Tags.empty();
		for (LowCardinalityKeyNames name : names) {
			KeyValue value = context.getLowCardinalityKeyValue(name.asString());
			String tag = (value != null) ? value.getValue() : DefaultEpithreObservationConvention.NONE;
			tags = tags.and(Tag.of(name.asString(), tag));
		}
		return tags;
	}

}
