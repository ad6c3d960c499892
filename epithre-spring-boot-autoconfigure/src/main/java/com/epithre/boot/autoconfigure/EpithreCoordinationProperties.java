package com.epithre.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.epithre.client.resilience.redis.RedisCoordinationSettings;

/**
 * Configuration properties sharing each key's limits across application instances, under
 * {@code epithre.coordination}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("epithre.coordination")
public class EpithreCoordinationProperties {

	/**
	 * Where the per-key in-flight cap and requests-per-minute budget are enforced: local (each instance on its own,
	 * needs nothing) or redis (shared by every instance using the key; needs org.redisson:redisson and a Redis).
	 */
	private Mode mode = Mode.LOCAL;

	/**
	 * What calls do while Redis is unreachable: fallback (go on under each instance's local limit, log once, show it
	 * in health) or fail (EpithreCoordinationException, nothing sent).
	 */
	private RedisCoordinationSettings.FailureMode onRedisFailure = RedisCoordinationSettings.FailureMode.FALLBACK;

	/**
	 * How long a cluster-wide permit stays taken without renewal; running calls renew it every third of this, and
	 * the permits of a crashed instance come back after it.
	 */
	private Duration leaseTime = Duration.ofSeconds(30);

	/**
	 * Requests each key may send per rate-interval across all instances (Epithre's default is 60 per minute); 0 for
	 * no shared budget. The first instance to create the key's budget in Redis sets it.
	 */
	private int rateLimit = 60;

	/**
	 * The rolling window of rate-limit.
	 */
	private Duration rateInterval = Duration.ofMinutes(1);

	/**
	 * How long to stay on the on-redis-failure behaviour before trying Redis again.
	 */
	private Duration retryInterval = Duration.ofSeconds(5);

	/**
	 * Prefix of every Redis key written for Epithre limits; keys never contain the API key, only its 12-character
	 * prefix and a hash.
	 */
	private String namespace = "epithre";

	private final Redis redis = new Redis();

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public RedisCoordinationSettings.FailureMode getOnRedisFailure() {
		return this.onRedisFailure;
	}

	public void setOnRedisFailure(RedisCoordinationSettings.FailureMode onRedisFailure) {
		this.onRedisFailure = onRedisFailure;
	}

	public Duration getLeaseTime() {
		return this.leaseTime;
	}

	public void setLeaseTime(Duration leaseTime) {
		this.leaseTime = leaseTime;
	}

	public int getRateLimit() {
		return this.rateLimit;
	}

	public void setRateLimit(int rateLimit) {
		this.rateLimit = rateLimit;
	}

	public Duration getRateInterval() {
		return this.rateInterval;
	}

	public void setRateInterval(Duration rateInterval) {
		this.rateInterval = rateInterval;
	}

	public Duration getRetryInterval() {
		return this.retryInterval;
	}

	public void setRetryInterval(Duration retryInterval) {
		this.retryInterval = retryInterval;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public Redis getRedis() {
		return this.redis;
	}

	RedisCoordinationSettings toSettings() {
		EpithrePropertyChecks.notEmpty("epithre.coordination.namespace", this.namespace);
		EpithrePropertyChecks.atLeast("epithre.coordination.lease-time", this.leaseTime, Duration.ofSeconds(1));
		EpithrePropertyChecks.atLeast("epithre.coordination.rate-limit", this.rateLimit, 0);
		EpithrePropertyChecks.atLeast("epithre.coordination.rate-interval", this.rateInterval, Duration.ofSeconds(1));
		EpithrePropertyChecks.positive("epithre.coordination.retry-interval", this.retryInterval);
		EpithrePropertyChecks.positive("epithre.coordination.redis.timeout", this.redis.getTimeout());
		return new RedisCoordinationSettings(this.namespace, this.leaseTime, this.rateLimit, this.rateInterval,
				this.onRedisFailure, this.retryInterval, this.redis.getTimeout());
	}

	/**
	 * Where the per-key limits are enforced.
	 */
	public enum Mode {

		/** Each instance enforces the limits on its own. */
		LOCAL,

		/** Every instance using a key shares its limits through Redis. */
		REDIS

	}

	/**
	 * The Redis connection built when the application has no {@code RedissonClient} bean of its own.
	 */
	public static class Redis {

		/**
		 * Address of the Redis server, redis:// or rediss:// for TLS. Ignored when the application defines a
		 * RedissonClient bean, which is then used instead.
		 */
		private String address = "redis://localhost:6379";

		/**
		 * Login user of the Redis server (Redis 6 ACL).
		 */
		private @Nullable String username;

		/**
		 * Login password of the Redis server.
		 */
		private @Nullable String password;

		/**
		 * Database index.
		 */
		private int database;

		/**
		 * Longest a single Redis command may take before Redis counts as unreachable.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		/**
		 * Connect timeout to the Redis server.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public int getDatabase() {
			return this.database;
		}

		public void setDatabase(int database) {
			this.database = database;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		@Override
		public String toString() {
			return "Redis[address=" + this.address + ", database=" + this.database + "]";
		}

	}

}
