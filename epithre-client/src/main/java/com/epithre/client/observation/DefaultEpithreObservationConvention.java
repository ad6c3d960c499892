package com.epithre.client.observation;

import java.time.Duration;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import com.epithre.client.chat.Usage;
import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.observation.EpithreObservationDocumentation.HighCardinalityKeyNames;
import com.epithre.client.observation.EpithreObservationDocumentation.LowCardinalityKeyNames;

/**
 * Default {@link EpithreObservationConvention}: the observation is named {@value #NAME} (so its timer is the
 * OpenTelemetry {@code gen_ai} operation duration) and its contextual (span) name is
 * {@code "{operation} {model}"}, e.g. {@code chat epithre-omni}.
 *
 * @since 0.1.0
 */
public class DefaultEpithreObservationConvention implements EpithreObservationConvention {

	/** Name of the observation, hence of its timer. */
	public static final String NAME = "gen_ai.client.operation.duration";

	/** Value of {@code gen_ai.provider.name}. */
	public static final String PROVIDER = "epithre";

	/** Tag value for a missing model or a call that did not fail. */
	public static final String NONE = "none";

	/** {@code error.type} of an operation its subscriber cancelled. */
	public static final String CANCELLED = "cancelled";

	/** Shared instance. */
	public static final DefaultEpithreObservationConvention INSTANCE = new DefaultEpithreObservationConvention();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(EpithreObservationContext context) {
		String model = context.getRequestModel();
		return (model != null) ? context.getOperationName() + " " + model : context.getOperationName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(EpithreObservationContext context) {
		String model = context.getRequestModel();
		return KeyValues.of(KeyValue.of(LowCardinalityKeyNames.OPERATION_NAME, context.getOperationName()),
				KeyValue.of(LowCardinalityKeyNames.PROVIDER_NAME, PROVIDER),
				KeyValue.of(LowCardinalityKeyNames.REQUEST_MODEL, (model != null) ? model : NONE),
				KeyValue.of(LowCardinalityKeyNames.ERROR_TYPE, errorType(context)),
				KeyValue.of(LowCardinalityKeyNames.SERVER_ADDRESS, context.getServerAddress()),
				KeyValue.of(LowCardinalityKeyNames.STREAM, String.valueOf(context.isStream())));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(EpithreObservationContext context) {
		KeyValues values = KeyValues.empty();
		if (context.getRequestId() != null) {
			values = values.and(KeyValue.of(HighCardinalityKeyNames.REQUEST_ID, context.getRequestId()));
		}
		if (context.getResponseId() != null) {
			values = values.and(KeyValue.of(HighCardinalityKeyNames.RESPONSE_ID, context.getResponseId()));
		}
		if (context.getResponseModel() != null) {
			values = values.and(KeyValue.of(HighCardinalityKeyNames.RESPONSE_MODEL, context.getResponseModel()));
		}
		Usage usage = context.getUsage();
		if (usage != null && usage.promptTokens() != null) {
			values = values
				.and(KeyValue.of(HighCardinalityKeyNames.INPUT_TOKENS, String.valueOf(usage.promptTokens())));
		}
		if (usage != null && usage.completionTokens() != null) {
			values = values
				.and(KeyValue.of(HighCardinalityKeyNames.OUTPUT_TOKENS, String.valueOf(usage.completionTokens())));
		}
		Duration firstChunk = context.getTimeToFirstChunk();
		if (firstChunk != null) {
			values = values.and(KeyValue.of(HighCardinalityKeyNames.TIME_TO_FIRST_CHUNK,
					String.valueOf(firstChunk.toNanos() / 1e9)));
		}
		return values;
	}

	/**
	 * Return the {@code error.type} of an operation: {@value #NONE} when it succeeded, {@value #CANCELLED} when its
	 * subscriber cancelled it, the Epithre error {@code code} when the answer had one (also for an error event inside
	 * a stream), the HTTP status of an error answer without a code, else the exception's simple name.
	 * @param context the context
	 * @return the error type
	 */
	protected String errorType(EpithreObservationContext context) {
		if (context.isCancelled()) {
			return CANCELLED;
		}
		Throwable error = context.getError();
		if (error == null) {
			return NONE;
		}
		Throwable failure = (error instanceof EpithreStreamErrorEventException event) ? event.getApiError() : error;
		if (failure instanceof EpithreApiException api) {
			return (api.getCode() != null && !api.getCode().isBlank()) ? api.getCode()
					: String.valueOf(api.getStatusCode());
		}
		return error.getClass().getSimpleName();
	}

}
