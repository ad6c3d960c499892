package com.epithre.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the Epithre webhook receiver, under {@code epithre.webhook}. Secrets are never printed.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("epithre.webhook")
public class EpithreWebhookProperties {

	/**
	 * Whether to expose the webhook receiver; it needs a web application (WebFlux or Spring MVC) and at least one
	 * secret.
	 */
	private boolean enabled;

	/**
	 * Path the receiver answers POST requests on.
	 */
	private String path = "/epithre/webhook";

	/**
	 * Webhook secret as returned at registration, whsec_ prefix included; added to the secrets.
	 */
	private @Nullable String secret;

	/**
	 * Webhook secrets, any of which may sign a delivery: lets a new secret be added before the old one is removed.
	 */
	private List<String> secrets = new ArrayList<>();

	/**
	 * How far a delivery's signature timestamp may be from now, in either direction.
	 */
	private Duration tolerance = Duration.ofSeconds(300);

	/**
	 * Largest accepted delivery body.
	 */
	private DataSize maxBodySize = DataSize.ofMegabytes(1);

	/**
	 * How retried deliveries are recognised.
	 */
	private final Dedupe dedupe = new Dedupe();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public @Nullable String getSecret() {
		return this.secret;
	}

	public void setSecret(@Nullable String secret) {
		this.secret = secret;
	}

	public List<String> getSecrets() {
		return this.secrets;
	}

	public void setSecrets(List<String> secrets) {
		this.secrets = secrets;
	}

	public Duration getTolerance() {
		return this.tolerance;
	}

	public void setTolerance(Duration tolerance) {
		this.tolerance = tolerance;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public Dedupe getDedupe() {
		return this.dedupe;
	}

	/**
	 * Return every configured secret: {@code secret} first, then {@code secrets}, without blanks or repeats.
	 * @return the secrets
	 */
	public List<String> allSecrets() {
		List<String> all = new ArrayList<>();
		if (this.secret != null && !this.secret.isBlank()) {
			all.add(this.secret);
		}
		for (String each : this.secrets) {
			if (each != null && !each.isBlank() && !all.contains(each)) {
				all.add(each);
			}
		}
		return all;
	}

	@Override
	public String toString() {
		return "EpithreWebhookProperties[enabled=" + this.enabled + ", path=" + this.path + ", secrets="
				+ allSecrets().size() + " configured, tolerance=" + this.tolerance + "]";
	}

	/**
	 * Deduplication of retried deliveries on event + data.id.
	 *
	 * @since 0.1.0
	 */
	public static class Dedupe {

		/**
		 * How long a delivered event + data.id is remembered; retries within it answer 200 without publishing.
		 */
		private Duration window = Duration.ofHours(24);

		/**
		 * How many delivered event + data.id keys are remembered at most; the oldest are forgotten first.
		 */
		private int maxEntries = 10_000;

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

	}

}
