package com.epithre.boot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.Assert;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreAuthenticationException;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithrePermissionException;
import com.epithre.client.error.EpithreQuotaException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTimeoutException.Timeout;
import com.epithre.client.models.ModelList;
import com.epithre.client.observation.EpithreClientStats.RecentCalls;
import com.epithre.client.resilience.CoordinationStatus;

/**
 * Health of an {@link EpithreClient}: calls the public, free, not rate-limited {@code GET /v1/models}
 * (docs/epithre-api.md, models), never a completion, and optionally checks the API key.
 * <ul>
 * <li>{@code DOWN} when Epithre is unreachable, answers an error, the configured model is missing from the
 * catalogue, or the key was rejected;</li>
 * <li>{@link #DEGRADED} when a large share of the client's recent calls got {@code backend_busy} (docs/epithre-api.md,
 * errors:
 * Epithre's shared pool is full, not this application's fault), entered and left with hysteresis;</li>
 * <li>{@code UP} otherwise.</li>
 * </ul>
 * A check's result is reused for {@link EpithreHealthSettings#ttl()} and probes arriving while a check runs wait for
 * it, so a burst of probes sends at most one request per TTL. Details hold the base URL, the key prefix (never the
 * key), the catalogue size, whether the model is listed, the latency and the recent {@code backend_busy} share.
 *
 * @since 0.1.0
 */
public class EpithreReactiveHealthIndicator extends AbstractReactiveHealthIndicator {

	/**
	 * Epithre answers {@code backend_busy} to a large share of recent calls. Spring Boot maps unknown statuses to HTTP
	 * 200 and, by default, orders them after the known ones; see the README for mapping it to 503.
	 */
	public static final Status DEGRADED = new Status("DEGRADED",
			"Epithre answered backend_busy to a large share of recent calls: its shared pool is full");

	private static final String COORDINATION_DEGRADED_REASON = "limits are not shared: the coordination store is "
			+ "unreachable";

	/** {@link #DEGRADED} because the coordination store is unreachable, described as such. */
	private static final Status COORDINATION_DEGRADED = new Status(DEGRADED.getCode(), COORDINATION_DEGRADED_REASON);

	private final EpithreClient client;

	private final EpithreHealthSettings settings;

	private final String timeoutProperty;

	private final EpithreClient probe;

	private volatile Mono<CatalogueCheck> catalogue;

	private volatile Mono<KeyCheck> key;

	private final BackendBusyHysteresis backendBusy;

	/** Calls recorded before this instant no longer count, or {@code null} before any {@link #reset()}. */
	private volatile @Nullable Instant countCallsFrom;

	/**
	 * Create an indicator with {@link EpithreHealthSettings#defaults()}.
	 * @param client the client to check
	 */
	public EpithreReactiveHealthIndicator(EpithreClient client) {
		this(client, EpithreHealthSettings.defaults());
	}

	/**
	 * Create an indicator.
	 * @param client the client to check
	 * @param settings how to check it
	 */
	public EpithreReactiveHealthIndicator(EpithreClient client, EpithreHealthSettings settings) {
		this(client, settings, "epithre.health.timeout");
	}

	/**
	 * Create an indicator whose {@link EpithreHealthSettings#timeout() timeout} comes from a property other than
	 * {@code epithre.health.timeout}, such as {@code epithre.clients.<name>.health.timeout}.
	 * @param client the client to check
	 * @param settings how to check it
	 * @param timeoutProperty the property of the timeout, named when a check runs out of time
	 */
	public EpithreReactiveHealthIndicator(EpithreClient client, EpithreHealthSettings settings,
			String timeoutProperty) {
		super("Epithre health check failed");
		Assert.notNull(client, "client must not be null");
		Assert.notNull(settings, "settings must not be null");
		Assert.hasText(timeoutProperty, "timeoutProperty must not be empty");
		this.client = client;
		this.settings = settings;
		this.timeoutProperty = timeoutProperty;
		// the check's own deadline, permit wait included, and no retry: a probe must answer quickly
		this.probe = client.withOptions(RequestOptions.none()
			.withResponseTimeout(settings.timeout())
			.withTotalTimeout(settings.timeout())
			.withoutRetry());
		this.catalogue = catalogueCheck();
		this.key = keyCheck();
		this.backendBusy = new BackendBusyHysteresis(settings.degraded());
	}

	/**
	 * Forget what earlier checks and calls showed: the next probe checks again, the status is no longer
	 * {@link #DEGRADED} for {@code backend_busy}, and the client's calls recorded so far no longer count towards it.
	 * Meant for tests that share one instance, such as the Spring test support resetting it after each test method.
	 */
	public void reset() {
		this.countCallsFrom = Instant.now();
		this.backendBusy.reset();
		this.catalogue = catalogueCheck();
		this.key = keyCheck();
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		return Mono.zip(this.catalogue, this.key).map((checks) -> health(builder, checks.getT1(), checks.getT2()));
	}

	private Health health(Health.Builder builder, CatalogueCheck catalogue, KeyCheck key) {
		builder.withDetail("baseUrl", this.client.settings().baseUrl());
		String keyPrefix = this.client.settings().apiKeyPrefix();
		if (keyPrefix != null) {
			builder.withDetail("keyPrefix", keyPrefix);
		}
		builder.withDetail("latencyMs", catalogue.latency().toMillis());
		builder.withDetail("checkedAt", catalogue.checkedAt().toString());
		RecentCalls recent = this.client.stats().getRecentCalls(this.settings.degraded().windowSize(), window());
		boolean degraded = this.backendBusy.update(recent);
		Map<String, Object> busy = new LinkedHashMap<>();
		busy.put("calls", recent.calls());
		busy.put("backendBusy", recent.backendBusy());
		busy.put("share", Math.round(recent.backendBusyShare() * 1000) / 1000.0);
		builder.withDetail("recentCalls", busy);
		CoordinationStatus coordination = this.client.resilience().getCoordinator().status();
		builder.withDetail("coordination", coordinationDetail(coordination));
		if (this.settings.verifyKey()) {
			builder.withDetail("apiKey", key.result());
		}
		ModelList models = catalogue.models();
		if (models == null) {
			Throwable error = catalogue.error();
			detailRequestId(builder, error);
			return builder.down()
				.withDetail("reason", describe("GET /v1/models", error))
				.withDetail("error", (error != null) ? error.getClass().getName() + ": " + message(error) : "none")
				.build();
		}
		builder.withDetail("models", models.data().size());
		String model = this.settings.model();
		if (model != null) {
			builder.withDetail("model", model);
			boolean available = models.find(model).isPresent();
			builder.withDetail("modelAvailable", available);
			if (!available) {
				return builder.down().withDetail("reason", "model '" + model + "' is not in the catalogue").build();
			}
		}
		if (key.blocking()) {
			detailRequestId(builder, key.error());
			return builder.down().withDetail("reason", key.reason()).build();
		}
		if (coordination.isDegraded()) {
			return builder.status(COORDINATION_DEGRADED).withDetail("reason", COORDINATION_DEGRADED_REASON).build();
		}
		return degraded ? builder.status(DEGRADED).build() : builder.up().build();
	}

	private static Map<String, Object> coordinationDetail(CoordinationStatus status) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("mode", status.mode());
		detail.put("state", status.state().name());
		if (status.since() != null) {
			detail.put("since", status.since().toString());
		}
		if (status.lastError() != null) {
			detail.put("lastError", status.lastError());
		}
		return detail;
	}

	private Duration window() {
		Duration window = this.settings.degraded().window();
		Instant from = this.countCallsFrom;
		if (from == null) {
			return window;
		}
		Duration sinceReset = Duration.between(from, Instant.now());
		return (sinceReset.compareTo(window) < 0) ? sinceReset : window;
	}

	private Mono<CatalogueCheck> catalogueCheck() {
		return cached(Mono.defer(() -> checkCatalogue(this.probe)), this.settings.ttl());
	}

	private Mono<KeyCheck> keyCheck() {
		return this.settings.verifyKey()
				? cached(Mono.defer(() -> checkKey(this.probe)), this.settings.verifyKeyTtl())
				: Mono.just(KeyCheck.NOT_CHECKED);
	}

	private Mono<CatalogueCheck> checkCatalogue(EpithreClient probe) {
		long start = System.nanoTime();
		return probe.models()
			.list()
			.map((models) -> new CatalogueCheck(models, null, since(start), Instant.now()))
			.onErrorResume((ex) -> Mono.just(new CatalogueCheck(null, ex, since(start), Instant.now())));
	}

	private Mono<KeyCheck> checkKey(EpithreClient probe) {
		return probe.verifyApiKey(RequestOptions.none())
			.thenReturn(KeyCheck.ACCEPTED)
			.onErrorResume((ex) -> Mono.just(KeyCheck.of(ex)));
	}

	private static <T> Mono<T> cached(Mono<T> check, Duration ttl) {
		// checks never fail (errors become results), so the cache holds failures for the TTL too; without a TTL,
		// probes that arrive while a check runs still share it
		return ttl.isZero() ? check.cacheInvalidateIf((result) -> true) : check.cache(ttl);
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static void detailRequestId(Health.Builder builder, @Nullable Throwable error) {
		if (error instanceof EpithreException epithre && epithre.getRequestId() != null) {
			builder.withDetail("requestId", epithre.getRequestId());
		}
	}

	private String describe(String call, @Nullable Throwable error) {
		if (error instanceof EpithreApiException api) {
			String code = (api.getCode() != null) ? " " + api.getCode() : "";
			return call + " answered HTTP " + api.getStatusCode() + code;
		}
		if (isCheckTimeout(error)) {
			return call + " failed: " + message(error);
		}
		return call + " failed: Epithre is unreachable or did not answer in time";
	}

	/**
	 * The message of a failed check; a timeout names the health check's timeout property, not the client's timeout
	 * the check set it as.
	 */
	private @Nullable String message(Throwable error) {
		if (isCheckTimeout(error)) {
			EpithreTimeoutException timeout = (EpithreTimeoutException) error;
			return "no answer within " + timeout.getDuration().toMillis() + " ms (" + this.timeoutProperty + ")";
		}
		return error.getMessage();
	}

	private static boolean isCheckTimeout(@Nullable Throwable error) {
		// the check sets the response and total timeouts to the health check's timeout
		return error instanceof EpithreTimeoutException timeout
				&& (timeout.getTimeout() == Timeout.RESPONSE || timeout.getTimeout() == Timeout.TOTAL);
	}

	/**
	 * A look at the catalogue: the models, or why there are none.
	 */
	private record CatalogueCheck(@Nullable ModelList models, @Nullable Throwable error, Duration latency,
			Instant checkedAt) {
	}

	/**
	 * The outcome of a key check; only a rejected key or an unusable account make the status {@code DOWN}.
	 */
	private record KeyCheck(String result, boolean blocking, @Nullable String reason, @Nullable Throwable error) {

		static final KeyCheck NOT_CHECKED = new KeyCheck("not checked", false, null, null);

		static final KeyCheck ACCEPTED = new KeyCheck("accepted", false, null, null);

		static KeyCheck of(Throwable error) {
			if (error instanceof EpithreAuthenticationException) {
				return new KeyCheck("rejected", true, "API key rejected (HTTP 401)", error);
			}
			if (error instanceof EpithreQuotaException || error instanceof EpithrePermissionException) {
				EpithreApiException api = (EpithreApiException) error;
				return new KeyCheck("accepted", true, "API key cannot be used: HTTP " + api.getStatusCode() + " "
						+ api.getCode(), error);
			}
			if (error instanceof EpithreRateLimitException rateLimit) {
				// counted against the key, so the server knew it
				return new KeyCheck("accepted (" + rateLimit.getCode() + ")", false, null, error);
			}
			return new KeyCheck("not verified: " + error.getClass().getSimpleName(), false, null, error);
		}

	}

}
