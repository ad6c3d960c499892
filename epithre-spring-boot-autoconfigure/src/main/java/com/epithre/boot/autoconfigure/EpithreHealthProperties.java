package com.epithre.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.epithre.boot.actuate.EpithreHealthSettings;

/**
 * Settings of the Epithre health indicator, under {@code epithre.health}; the indicator itself is switched with
 * Boot's {@code management.health.epithre.enabled}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("epithre.health")
public class EpithreHealthProperties {

	/**
	 * How long a check of GET /v1/models is reused, so that a burst of probes sends one request.
	 */
	private Duration ttl = Duration.ofSeconds(30);

	/**
	 * Deadline of each call a health check makes, permit wait included; such calls are never retried.
	 */
	private Duration timeout = Duration.ofSeconds(5);

	/**
	 * Model that must be in the catalogue for the status to be UP; empty to skip the check.
	 */
	private String model = "epithre-omni";

	/**
	 * Whether to check the API key with GET /v1/batches?limit=1: token-free, but it counts against the key's
	 * requests per minute and per day.
	 */
	private boolean verifyKey;

	/**
	 * How long an API key check is reused.
	 */
	private Duration verifyKeyTtl = Duration.ofMinutes(5);

	/**
	 * When recent backend_busy answers make the status DEGRADED.
	 */
	private final Degraded degraded = new Degraded();

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public String getModel() {
		return this.model;
	}

	public void setModel(String model) {
		this.model = model;
	}

	public boolean isVerifyKey() {
		return this.verifyKey;
	}

	public void setVerifyKey(boolean verifyKey) {
		this.verifyKey = verifyKey;
	}

	public Duration getVerifyKeyTtl() {
		return this.verifyKeyTtl;
	}

	public void setVerifyKeyTtl(Duration verifyKeyTtl) {
		this.verifyKeyTtl = verifyKeyTtl;
	}

	public Degraded getDegraded() {
		return this.degraded;
	}

	/**
	 * Check the properties and turn them into settings.
	 * @param prefix where the client's properties are bound from ({@code epithre} or {@code epithre.clients.<name>}),
	 * named in errors
	 * @return the settings
	 */
	EpithreHealthSettings toSettings(String prefix) {
		String health = prefix + ".health";
		EpithrePropertyChecks.notNegative(health + ".ttl", this.ttl);
		EpithrePropertyChecks.positive(health + ".timeout", this.timeout);
		EpithrePropertyChecks.notNegative(health + ".verify-key-ttl", this.verifyKeyTtl);
		String degraded = health + ".degraded";
		EpithrePropertyChecks.atLeast(degraded + ".window-size", this.degraded.windowSize, 1);
		EpithrePropertyChecks.positive(degraded + ".window", this.degraded.window);
		EpithrePropertyChecks.atLeast(degraded + ".min-calls", this.degraded.minCalls, 1);
		if (this.degraded.minCalls > this.degraded.windowSize) {
			throw new EpithreConfigurationException(degraded + ".min-calls",
					degraded + ".min-calls (" + this.degraded.minCalls + ") is larger than " + degraded
							+ ".window-size (" + this.degraded.windowSize
							+ "), so the status could never become DEGRADED.",
					"Set " + degraded + ".min-calls to at most " + degraded + ".window-size.");
		}
		if (!(this.degraded.threshold > 0 && this.degraded.threshold <= 1)) {
			throw new EpithreConfigurationException(degraded + ".threshold",
					degraded + ".threshold must be above 0 and at most 1, but it is " + this.degraded.threshold + ".",
					"Set " + degraded + ".threshold to a share such as 0.5, or remove it to use the default.");
		}
		EpithrePropertyChecks.between(degraded + ".recovery-threshold", this.degraded.recoveryThreshold, 0,
				this.degraded.threshold);
		return new EpithreHealthSettings(this.ttl, this.timeout, this.model, this.verifyKey, this.verifyKeyTtl,
				new EpithreHealthSettings.Degraded(this.degraded.windowSize, this.degraded.window,
						this.degraded.minCalls, this.degraded.threshold, this.degraded.recoveryThreshold));
	}

	/**
	 * When recent backend_busy answers make the status DEGRADED.
	 */
	public static class Degraded {

		/**
		 * How many of the latest calls addressed to a model count.
		 */
		private int windowSize = 20;

		/**
		 * How old a call may be to count.
		 */
		private Duration window = Duration.ofSeconds(60);

		/**
		 * Fewest counted calls that can make the status DEGRADED.
		 */
		private int minCalls = 5;

		/**
		 * Share of backend_busy answers among the counted calls from which the status is DEGRADED.
		 */
		private double threshold = 0.5;

		/**
		 * Share of backend_busy answers below which a DEGRADED status goes back to UP.
		 */
		private double recoveryThreshold = 0.2;

		public int getWindowSize() {
			return this.windowSize;
		}

		public void setWindowSize(int windowSize) {
			this.windowSize = windowSize;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public int getMinCalls() {
			return this.minCalls;
		}

		public void setMinCalls(int minCalls) {
			this.minCalls = minCalls;
		}

		public double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(double threshold) {
			this.threshold = threshold;
		}

		public double getRecoveryThreshold() {
			return this.recoveryThreshold;
		}

		public void setRecoveryThreshold(double recoveryThreshold) {
			this.recoveryThreshold = recoveryThreshold;
		}

	}

}
