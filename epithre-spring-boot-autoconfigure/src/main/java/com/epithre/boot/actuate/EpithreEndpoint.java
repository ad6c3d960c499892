package com.epithre.boot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;

import com.epithre.client.EpithreClient;
import com.epithre.client.models.Model;
import com.epithre.client.observation.EpithreClientStats;
import com.epithre.client.resilience.CoordinationStatus;
import com.epithre.client.resilience.KeyConcurrencyLimiter;

/**
 * The read-only {@code epithre} Actuator endpoint: per client its base URL, key prefix (never the key), concurrency
 * limit and use, recent 429s by code, retries by cause, the last error's request id and the model catalogue last
 * fetched (by the health check or the application). It calls nothing.
 *
 * @since 0.1.0
 */
@Endpoint(id = "epithre")
public class EpithreEndpoint {

	/** How far back {@code rateLimited.recent} looks. */
	public static final Duration RECENT = Duration.ofMinutes(15);

	private final Map<String, EpithreClient> clients;

	/**
	 * Create an endpoint.
	 * @param clients the clients by bean name
	 */
	public EpithreEndpoint(Map<String, EpithreClient> clients) {
		Assert.notNull(clients, "clients must not be null");
		this.clients = new TreeMap<>(clients);
	}

	/**
	 * Describe every client.
	 * @return the clients by bean name
	 */
	@ReadOperation
	public EpithreDescriptor clients() {
		Map<String, ClientDescriptor> descriptors = new TreeMap<>();
		this.clients.forEach((name, client) -> descriptors.put(name, describe(client)));
		return new EpithreDescriptor(descriptors);
	}

	/**
	 * Describe one client.
	 * @param name the client's bean name
	 * @return the client, or {@code null} (404) for an unknown name
	 */
	@ReadOperation
	public @Nullable ClientDescriptor client(@Selector String name) {
		EpithreClient client = this.clients.get(name);
		return (client != null) ? describe(client) : null;
	}

	private static ClientDescriptor describe(EpithreClient client) {
		KeyConcurrencyLimiter limiter = client.concurrencyLimiter();
		EpithreClientStats stats = client.stats();
		EpithreClientStats.LastError lastError = stats.getLastError();
		EpithreClientStats.Catalogue catalogue = stats.getCatalogue();
		return new ClientDescriptor(client.settings().baseUrl(), client.settings().apiKeyPrefix(),
				new ConcurrencyDescriptor(limiter.getConfiguredLimit(), limiter.getCurrentLimit(),
						limiter.getInFlight(), limiter.getWaiting()),
				CoordinationDescriptor.of(client.resilience().getCoordinator().status()),
				new RateLimitedDescriptor(RECENT.toString(), stats.getRateLimitedByCode(RECENT),
						stats.getRateLimitedByCode()),
				client.resilience().getRetriesByCause(), stats.getBulkheadRejections(),
				(lastError != null) ? new LastErrorDescriptor(lastError.requestId(), lastError.status(),
						lastError.code(), lastError.operation(), lastError.at().toString()) : null,
				(catalogue != null) ? new CatalogueDescriptor(catalogue.fetchedAt().toString(),
						catalogue.models().data().stream().map(ModelDescriptor::of).toList()) : null);
	}

	/**
	 * Every client.
	 *
	 * @param clients the clients by bean name
	 */
	public record EpithreDescriptor(Map<String, ClientDescriptor> clients) implements OperationResponseBody {
	}

	/**
	 * One client.
	 *
	 * @param baseUrl the API root
	 * @param keyPrefix at most the first 12 characters of the API key, or {@code null} without a key
	 * @param concurrency the key's limiter
	 * @param coordination whether the key's limits are shared with other instances
	 * @param rateLimited 429 answers by error code
	 * @param retriesByCause retries by cause, counted by the resilience the client shares with other clients
	 * @param bulkheadRejections calls refused for want of a permit
	 * @param lastError the latest failure that carried a request id, for a bug report (docs/epithre-api.md, request
	 * ids and bug reports)
	 * @param models the catalogue last fetched, or {@code null} before the first fetch
	 */
	public record ClientDescriptor(String baseUrl, @Nullable String keyPrefix, ConcurrencyDescriptor concurrency,
			CoordinationDescriptor coordination, RateLimitedDescriptor rateLimited, Map<String, Long> retriesByCause, long bulkheadRejections,
			@Nullable LastErrorDescriptor lastError, @Nullable CatalogueDescriptor models)
			implements OperationResponseBody {
	}

	/**
	 * The key's concurrency limiter.
	 *
	 * @param configuredLimit the configured, highest limit
	 * @param currentLimit the adaptive limit in force
	 * @param inFlight calls holding a permit
	 * @param waiting calls waiting for one
	 */
	public record ConcurrencyDescriptor(int configuredLimit, int currentLimit, int inFlight, int waiting) {
	}

	/**
	 * Where the key's limits are enforced.
	 *
	 * @param mode {@code local} or {@code redis}
	 * @param state {@code LOCAL_ONLY}, {@code SHARED}, {@code FALLBACK} (Redis unreachable, local limits only) or
	 * {@code UNAVAILABLE} (Redis unreachable, calls fail)
	 * @param since when the state last changed, or {@code null}
	 * @param lastError the latest failure of the store, or {@code null}
	 * @param store where the store is, or {@code null} in local mode
	 * @param unsharedCalls calls made under the local limit only while the store was unreachable
	 * @param lostLeases running calls that found their lease gone
	 */
	public record CoordinationDescriptor(String mode, String state, @Nullable String since,
			@Nullable String lastError, @Nullable String store, long unsharedCalls, long lostLeases) {

		static CoordinationDescriptor of(CoordinationStatus status) {
			return new CoordinationDescriptor(status.mode(), status.state().name(),
					(status.since() != null) ? status.since().toString() : null, status.lastError(), status.store(),
					status.unsharedCalls(), status.lostLeases());
		}

	}

	/**
	 * 429 answers by error code.
	 *
	 * @param recentPeriod how far back {@code recent} looks, as an ISO-8601 duration
	 * @param recent in that period
	 * @param total since the client was built
	 */
	public record RateLimitedDescriptor(String recentPeriod, Map<String, Long> recent, Map<String, Long> total) {
	}

	/**
	 * The latest failure with a request id.
	 *
	 * @param requestId its {@code X-Request-ID}
	 * @param status its HTTP status, {@code 0} when it had none
	 * @param code its error code or the exception's simple name
	 * @param operation the method and path
	 * @param at when it happened (UTC)
	 */
	public record LastErrorDescriptor(String requestId, int status, String code, String operation, String at) {
	}

	/**
	 * The model catalogue last fetched.
	 *
	 * @param fetchedAt when it arrived (UTC)
	 * @param data the models
	 */
	public record CatalogueDescriptor(String fetchedAt, List<ModelDescriptor> data) {
	}

	/**
	 * A model of the catalogue.
	 *
	 * @param id the model id
	 * @param tier the tier
	 * @param contextWindow context size in tokens
	 * @param maxOutputTokens output limit in tokens
	 * @param modalities accepted inputs
	 * @param capabilities what it can do
	 */
	public record ModelDescriptor(String id, @Nullable String tier, @Nullable Integer contextWindow,
			@Nullable Integer maxOutputTokens, List<String> modalities, List<String> capabilities) {

		static ModelDescriptor of(Model model) {
			return new ModelDescriptor(model.id(), model.tier(), model.contextWindow(), model.maxOutputTokens(),
					model.modalities(), model.capabilities());
		}

	}

}
