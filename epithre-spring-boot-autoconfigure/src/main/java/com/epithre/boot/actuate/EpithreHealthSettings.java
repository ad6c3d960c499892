package com.epithre.boot.actuate;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How {@link EpithreReactiveHealthIndicator} checks a client; immutable, changed with the {@code withX} methods.
 *
 * @param ttl how long a check of {@code GET /v1/models} is reused, so a burst of probes sends one request
 * @param timeout deadline of each call a check makes, permit wait included; such calls are never retried
 * @param model the model that must be in the catalogue for the status to be {@code UP}, or {@code null} for none
 * @param verifyKey whether to check the API key with {@code GET /v1/batches?limit=1}, which counts against the key's
 * requests per minute and per day
 * @param verifyKeyTtl how long a key check is reused
 * @param degraded when recent {@code backend_busy} answers make the status {@code DEGRADED}
 * @since 0.1.0
 */
public record EpithreHealthSettings(Duration ttl, Duration timeout, @Nullable String model, boolean verifyKey,
		Duration verifyKeyTtl, Degraded degraded) {

	private static final EpithreHealthSettings DEFAULTS = new EpithreHealthSettings(Duration.ofSeconds(30),
			Duration.ofSeconds(5), "epithre-omni", false, Duration.ofMinutes(5), Degraded.defaults());

	public EpithreHealthSettings {
		Assert.isTrue(!ttl.isNegative(), "ttl must not be negative");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		Assert.isTrue(!verifyKeyTtl.isNegative(), "verifyKeyTtl must not be negative");
		Assert.notNull(degraded, "degraded must not be null");
		model = (model != null && !model.isBlank()) ? model.strip() : null;
	}

	/**
	 * Return the defaults: 30 s TTL, 5 s timeout, {@code epithre-omni} required, no key check (reused 5 min when
	 * enabled), {@link Degraded#defaults()}.
	 * @return the defaults
	 */
	public static EpithreHealthSettings defaults() {
		return DEFAULTS;
	}

	public EpithreHealthSettings withTtl(Duration ttl) {
		return new EpithreHealthSettings(ttl, this.timeout, this.model, this.verifyKey, this.verifyKeyTtl,
				this.degraded);
	}

	public EpithreHealthSettings withTimeout(Duration timeout) {
		return new EpithreHealthSettings(this.ttl, timeout, this.model, this.verifyKey, this.verifyKeyTtl,
				this.degraded);
	}

	public EpithreHealthSettings withModel(@Nullable String model) {
		return new EpithreHealthSettings(this.ttl, this.timeout, model, this.verifyKey, this.verifyKeyTtl,
				this.degraded);
	}

	public EpithreHealthSettings withVerifyKey(boolean verifyKey) {
		return new EpithreHealthSettings(this.ttl, this.timeout, this.model, verifyKey, this.verifyKeyTtl,
				this.degraded);
	}

	public EpithreHealthSettings withVerifyKeyTtl(Duration verifyKeyTtl) {
		return new EpithreHealthSettings(this.ttl, this.timeout, this.model, this.verifyKey, verifyKeyTtl,
				this.degraded);
	}

	public EpithreHealthSettings withDegraded(Degraded degraded) {
		return new EpithreHealthSettings(this.ttl, this.timeout, this.model, this.verifyKey, this.verifyKeyTtl,
				degraded);
	}

	/**
	 * When sustained {@code backend_busy} makes the status {@code DEGRADED}: the share of {@code backend_busy} among
	 * the last {@code windowSize} attempts addressed to a model, none older than {@code window}, must reach
	 * {@code threshold} over at least {@code minCalls} attempts, and drop below {@code recoveryThreshold} (or the
	 * attempts below {@code minCalls}) before the status is {@code UP} again, so it does not flap.
	 *
	 * @param windowSize how many of the latest attempts count
	 * @param window how old an attempt may be to count
	 * @param minCalls the fewest attempts that can make the status {@code DEGRADED}
	 * @param threshold the share from which the status becomes {@code DEGRADED}
	 * @param recoveryThreshold the share below which it goes back to {@code UP}
	 */
	public record Degraded(int windowSize, Duration window, int minCalls, double threshold,
			double recoveryThreshold) {

		private static final Degraded DEFAULTS = new Degraded(20, Duration.ofSeconds(60), 5, 0.5, 0.2);

		public Degraded {
			Assert.isTrue(windowSize >= 1, "windowSize must be at least 1");
			Assert.isTrue(!window.isNegative() && !window.isZero(), "window must be positive");
			Assert.isTrue(minCalls >= 1 && minCalls <= windowSize, "minCalls must be between 1 and windowSize");
			Assert.isTrue(threshold > 0 && threshold <= 1, "threshold must be above 0 and at most 1");
			Assert.isTrue(recoveryThreshold >= 0 && recoveryThreshold <= threshold,
					"recoveryThreshold must be between 0 and threshold");
		}

		/**
		 * Return the defaults: at least 5 of the last 20 attempts of the last 60 s, {@code DEGRADED} from a share of
		 * 0.5, back to {@code UP} below 0.2.
		 * @return the defaults
		 */
		public static Degraded defaults() {
			return DEFAULTS;
		}

	}

}
