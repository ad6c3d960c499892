package com.epithre.client.observation;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import com.epithre.client.chat.Usage;

/**
 * What the client knows about one Epithre operation (a chat completion, a stream, a model listing), filled in while
 * it runs and read by {@link EpithreObservationConvention conventions} and handlers. One operation spans every retry
 * and the wait for a concurrency permit.
 *
 * @since 0.1.0
 */
public class EpithreObservationContext extends Observation.Context {

	private final String operationName;

	private final @Nullable String requestModel;

	private final boolean stream;

	private final String serverAddress;

	private final int serverPort;

	private final AtomicLong chunks = new AtomicLong();

	/** Created by the first 429: most operations never see one, and a thousand open streams each hold a context. */
	private @Nullable Map<String, Integer> rateLimitedByCode;

	/** Created by the first retry. */
	private @Nullable Map<String, Integer> retriesByCause;

	private volatile @Nullable Usage usage;

	private volatile @Nullable String responseId;

	private volatile @Nullable String responseModel;

	private volatile @Nullable String requestId;

	private volatile @Nullable Duration timeToFirstChunk;

	private volatile boolean cancelled;

	/**
	 * Create a context.
	 * @param operationName the {@code gen_ai.operation.name}, e.g. {@code chat} or {@code models}
	 * @param requestModel the model the call addresses, if any
	 * @param stream whether the answer is streamed
	 * @param serverAddress the host of the base URL
	 * @param serverPort the port of the base URL
	 */
	public EpithreObservationContext(String operationName, @Nullable String requestModel, boolean stream,
			String serverAddress, int serverPort) {
		this.operationName = operationName;
		this.requestModel = requestModel;
		this.stream = stream;
		this.serverAddress = serverAddress;
		this.serverPort = serverPort;
	}

	/**
	 * Return the operation, e.g. {@code chat}, {@code models}, {@code batches}: the first segment of the path.
	 * @return the operation name
	 */
	public String getOperationName() {
		return this.operationName;
	}

	/**
	 * Return the model the request addresses.
	 * @return the model or {@code null} for calls that address none
	 */
	public @Nullable String getRequestModel() {
		return this.requestModel;
	}

	/**
	 * Return whether the answer is a server-sent event stream.
	 * @return whether the call streams
	 */
	public boolean isStream() {
		return this.stream;
	}

	/**
	 * Return the host of the API's base URL.
	 * @return the server address
	 */
	public String getServerAddress() {
		return this.serverAddress;
	}

	/**
	 * Return the port of the API's base URL.
	 * @return the server port
	 */
	public int getServerPort() {
		return this.serverPort;
	}

	/**
	 * Return the token usage the answer reported (for a stream, its usage chunk).
	 * @return the usage or {@code null}
	 */
	public @Nullable Usage getUsage() {
		return this.usage;
	}

	public void setUsage(@Nullable Usage usage) {
		this.usage = usage;
	}

	/**
	 * Return the answer's id, e.g. {@code chatcmpl-abc}.
	 * @return the id or {@code null}
	 */
	public @Nullable String getResponseId() {
		return this.responseId;
	}

	public void setResponseId(@Nullable String responseId) {
		this.responseId = responseId;
	}

	/**
	 * Return the model named by the answer, when it names one.
	 * @return the model or {@code null}
	 */
	public @Nullable String getResponseModel() {
		return this.responseModel;
	}

	public void setResponseModel(@Nullable String responseModel) {
		this.responseModel = responseModel;
	}

	/**
	 * Return the {@code X-Request-ID} of the last response received, the one Epithre asks for in bug reports.
	 * @return the request id or {@code null}
	 */
	public @Nullable String getRequestId() {
		return this.requestId;
	}

	public void setRequestId(@Nullable String requestId) {
		this.requestId = requestId;
	}

	/**
	 * Return the time from the start of the operation to the first chunk of a stream.
	 * @return the time or {@code null} when no chunk arrived
	 */
	public @Nullable Duration getTimeToFirstChunk() {
		return this.timeToFirstChunk;
	}

	public void setTimeToFirstChunk(@Nullable Duration timeToFirstChunk) {
		this.timeToFirstChunk = timeToFirstChunk;
	}

	/**
	 * Return how many chunks of a stream were delivered.
	 * @return the chunk count
	 */
	public long getChunks() {
		return this.chunks.get();
	}

	/**
	 * Count a delivered chunk.
	 * @return the chunks delivered so far, this one included
	 */
	public long incrementChunks() {
		return this.chunks.incrementAndGet();
	}

	/**
	 * Return whether the subscriber cancelled the operation before it ended, e.g. a closed browser tab.
	 * @return whether it was cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	public void setCancelled(boolean cancelled) {
		this.cancelled = cancelled;
	}

	/**
	 * Return the 429 answers of this operation's attempts, by error {@code code}.
	 * @return counts by code
	 */
	public synchronized Map<String, Integer> getRateLimitedByCode() {
		return (this.rateLimitedByCode != null) ? new TreeMap<>(this.rateLimitedByCode) : new TreeMap<>();
	}

	/**
	 * Count a 429 answer.
	 * @param code its error code, e.g. {@code rpm_exceeded}
	 */
	public synchronized void addRateLimited(String code) {
		if (this.rateLimitedByCode == null) {
			this.rateLimitedByCode = new TreeMap<>();
		}
		this.rateLimitedByCode.merge(code, 1, Integer::sum);
	}

	/**
	 * Return the retries of this operation, by cause (the names of
	 * {@link com.epithre.client.resilience.EpithreResilience#getRetriesByCause()}).
	 * @return counts by cause
	 */
	public synchronized Map<String, Integer> getRetriesByCause() {
		return (this.retriesByCause != null) ? new TreeMap<>(this.retriesByCause) : new TreeMap<>();
	}

	/**
	 * Count a retry.
	 * @param cause what caused it, e.g. {@code backend_busy}
	 */
	public synchronized void addRetry(String cause) {
		if (this.retriesByCause == null) {
			this.retriesByCause = new TreeMap<>();
		}
		this.retriesByCause.merge(cause, 1, Integer::sum);
	}

}
