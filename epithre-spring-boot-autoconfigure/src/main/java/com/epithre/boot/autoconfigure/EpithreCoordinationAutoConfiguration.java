package com.epithre.boot.autoconfigure;

import java.time.Duration;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.SingleServerConfig;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import com.epithre.client.resilience.EpithreCoordinator;
import com.epithre.client.resilience.redis.RedisCoordinator;

/**
 * Auto-configuration of {@code epithre.coordination.mode=redis}: an {@link EpithreCoordinator} sharing each key's
 * in-flight cap and requests-per-minute budget through Redis, on the application's own {@code RedissonClient} bean or
 * on one built from {@code epithre.coordination.redis.*}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = EpithreAutoConfiguration.class)
@Conditional(OnRedisCoordinationCondition.class)
@EnableConfigurationProperties(EpithreCoordinationProperties.class)
public final class EpithreCoordinationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedissonClient.class)
	static class RedisCoordinationConfiguration {

		@Bean
		@ConditionalOnMissingBean(RedissonClient.class)
		EpithreRedisson epithreRedisson(EpithreCoordinationProperties properties) {
			return new EpithreRedisson(properties.getRedis());
		}

		@Bean
		@ConditionalOnMissingBean(EpithreCoordinator.class)
		RedisCoordinator epithreCoordinator(ObjectProvider<RedissonClient> applicationClient,
				ObjectProvider<EpithreRedisson> ownClient, EpithreCoordinationProperties properties) {
			RedissonClient own = applicationClient.getIfUnique();
			String description;
			if (own != null) {
				description = "the application's RedissonClient";
			}
			else {
				own = ownClient.getObject().client;
				description = properties.getRedis().getAddress();
			}
			return new RedisCoordinator(own.reactive(), properties.toSettings(), Schedulers.parallel(), description);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.redisson.api.RedissonClient")
	static class MissingRedissonConfiguration {

		@Bean
		EpithreCoordinator epithreCoordinator() {
			throw new EpithreConfigurationException("epithre.coordination.mode",
					"epithre.coordination.mode=redis needs Redisson (org.redisson.api.RedissonClient), but it is not "
							+ "on the classpath, so the per-key limits cannot be shared through Redis.",
					"Add the dependency org.redisson:redisson, or set epithre.coordination.mode=local to enforce the "
							+ "limits in each instance on its own.");
		}

	}

	/**
	 * The Redisson client built for Epithre alone, shut down with the context. It connects lazily, so the application
	 * starts while Redis is down and the {@code on-redis-failure} behaviour applies until it is up.
	 */
	static final class EpithreRedisson implements DisposableBean {

		final RedissonClient client;

		EpithreRedisson(EpithreCoordinationProperties.Redis redis) {
			Config config = new Config();
			config.setLazyInitialization(true);
			config.setNettyThreads(4);
			config.setThreads(2);
			SingleServerConfig server = config.useSingleServer()
				.setAddress(redis.getAddress())
				.setDatabase(redis.getDatabase())
				.setTimeout(millis(redis.getTimeout()))
				.setConnectTimeout(millis(redis.getConnectTimeout()))
				// Redisson also waits this long for a pooled connection, so a cold start is not taken for an
				// outage; a refused connection still fails within about a second
				.setRetryAttempts(2)
				.setRetryDelay(new ConstantDelay(Duration.ofMillis(500)))
				.setConnectionMinimumIdleSize(1)
				.setSubscriptionConnectionMinimumIdleSize(1);
			if (StringUtils.hasText(redis.getUsername())) {
				server.setUsername(redis.getUsername());
			}
			if (StringUtils.hasText(redis.getPassword())) {
				server.setPassword(redis.getPassword());
			}
			this.client = Redisson.create(config);
		}

		private static int millis(Duration duration) {
			return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
		}

		@Override
		public void destroy() {
			this.client.shutdown();
		}

	}

}
