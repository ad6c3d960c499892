package com.epithre.client.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of an Epithre operation and its keys, named after the OpenTelemetry {@code gen_ai} semantic
 * conventions where they have a name.
 *
 * @since 0.1.0
 */
public enum EpithreObservationDocumentation implements ObservationDocumentation {

	/**
	 * One client operation (a chat completion, a stream, a model listing), retries and permit wait included.
	 */
	OPERATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultEpithreObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * Keys that become meter tags.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/** {@code chat}, {@code models}, ...: the first segment of the request path. */
		OPERATION_NAME("gen_ai.operation.name"),

		/** Always {@code epithre}. */
		PROVIDER_NAME("gen_ai.provider.name"),

		/** The model of the request, {@code none} for calls without one. */
		REQUEST_MODEL("gen_ai.request.model"),

		/**
		 * {@code none}; the Epithre error {@code code} (e.g. {@code backend_busy}); the HTTP status of an error without
		 * a code; the exception's simple name for other failures; {@code cancelled} when the subscriber cancelled.
		 */
		ERROR_TYPE("error.type"),

		/** Host of the base URL. */
		SERVER_ADDRESS("server.address"),

		/** {@code true} for streamed chat answers. */
		STREAM("epithre.stream");

		private final String name;

		LowCardinalityKeyNames(String name) {
			this.name = name;
		}

		@Override
		public String asString() {
			return this.name;
		}

	}

	/**
	 * Keys that stay on the observation (and on spans), never on meters.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/** {@code X-Request-ID} of the last response (docs/epithre-api.md, request ids and bug reports). */
		REQUEST_ID("epithre.request_id"),

		/** The answer's id, e.g. {@code chatcmpl-abc}. */
		RESPONSE_ID("gen_ai.response.id"),

		/** The model named by the answer. */
		RESPONSE_MODEL("gen_ai.response.model"),

		/** {@code prompt_tokens} of the usage. */
		INPUT_TOKENS("gen_ai.usage.input_tokens"),

		/** {@code completion_tokens} of the usage. */
		OUTPUT_TOKENS("gen_ai.usage.output_tokens"),

		/** Seconds from the start of a stream to its first chunk. */
		TIME_TO_FIRST_CHUNK("gen_ai.response.time_to_first_chunk");

		private final String name;

		HighCardinalityKeyNames(String name) {
			this.name = name;
		}

		@Override
		public String asString() {
			return this.name;
		}

	}

}
