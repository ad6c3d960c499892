package com.epithre.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import reactor.core.publisher.Flux;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import com.epithre.boot.actuate.EpithreEndpoint;
import com.epithre.boot.actuate.EpithreReactiveHealthIndicator;
import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.resilience.CoordinationStatus;
import com.epithre.client.resilience.EpithreCoordinator;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.client.resilience.redis.RedisCoordinator;
import com.epithre.client.resilience.redis.RedisTestSupport;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreCoordinationAutoConfigurationTests {

	private static final String KEY = "esk_test_contextsABCDEFGHIJKLMNOPQRSTUVWXY";

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s", "epithre.base-url=" + this.server.baseUrl(),
				"epithre.api-key=" + KEY)
		.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, EpithreAutoConfiguration.class,
				EpithreCoordinationAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				EpithreHealthContributorAutoConfiguration.class, EndpointAutoConfiguration.class,
				EpithreEndpointAutoConfiguration.class));

	@Test
	void localByDefaultWithoutAnyRedis() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(EpithreCoordinator.class).doesNotHaveBean(RedissonClient.class);
			assertThat(context.getBean(EpithreResilience.class).getCoordinator()).isSameAs(EpithreCoordinator.local());
		});
	}

	@Test
	void redisModeBuildsItsOwnRedissonClientFromProperties() {
		String address = RedisTestSupport.requireSharedRedis();
		this.contextRunner.withPropertyValues(redisMode(address))
			.withPropertyValues("epithre.coordination.lease-time=10s", "epithre.coordination.rate-limit=0",
					"epithre.coordination.on-redis-failure=fail")
			.run((context) -> {
					RedisCoordinator coordinator = context.getBean(RedisCoordinator.class);
					assertThat(context.getBean(EpithreResilience.class).getCoordinator()).isSameAs(coordinator);
					assertThat(coordinator.getSettings().leaseTime()).isEqualTo(Duration.ofSeconds(10));
					assertThat(coordinator.getSettings().rateLimit()).isZero();
					assertThat(coordinator.status().store()).isEqualTo(address);
					assertThat(context).doesNotHaveBean(RedissonClient.class);
					assertThat(run(context, 3)).hasSize(3);
					assertThat(coordinator.status().state()).isEqualTo(CoordinationStatus.State.SHARED);
				});
	}

	@Test
	void redisModeUsesTheApplicationsRedissonClient() {
		String address = RedisTestSupport.requireSharedRedis();
		RedissonClient own = RedisTestSupport.redisson(address);
		try {
			this.contextRunner.withPropertyValues("epithre.coordination.mode=redis",
					"epithre.coordination.namespace=" + RedisTestSupport.freshNamespace())
				.withBean(RedissonClient.class, () -> own)
				.run((context) -> {
					assertThat(context.getBean(RedisCoordinator.class).status().store())
						.isEqualTo("the application's RedissonClient");
					assertThat(run(context, 2)).hasSize(2);
				});
			assertThat(own.isShutdown()).as("the application's client is left to the application").isFalse();
		}
		finally {
			RedisTestSupport.shutdown(own);
		}
	}

	@Test
	void redisModeWithoutRedissonFailsWithAClearMessage() {
		this.contextRunner.withPropertyValues("epithre.coordination.mode=redis")
			.withClassLoader(new FilteredClassLoader(RedissonClient.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("epithre.coordination.mode=redis needs Redisson")
				.hasMessageContaining("org.redisson:redisson"));
	}

	@Test
	void modeIgnoresCase() {
		// every spelling the relaxed enum binding of the properties reads as REDIS
		for (String mode : new String[] { "REDIS", "Redis", "re-dis", "Re_Dis" }) {
			this.contextRunner.withPropertyValues("epithre.coordination.mode=" + mode)
				.withClassLoader(new FilteredClassLoader(RedissonClient.class))
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("epithre.coordination.mode=redis needs Redisson"));
		}
		this.contextRunner.withPropertyValues("epithre.coordination.mode=LOCAL")
			.run((context) -> assertThat(context.getBean(EpithreResilience.class).getCoordinator())
				.isSameAs(EpithreCoordinator.local()));
	}

	@Test
	void separateApplicationContextsSharingAKeyNeverExceedTheServersCap() {
		String address = RedisTestSupport.requireSharedRedis();
		this.server.streamChunkDelay(Duration.ofMillis(20)).defaultReply("satu dua tiga empat lima enam");
		ApplicationContextRunner instance = this.contextRunner.withPropertyValues(redisMode(address));
		instance.run((first) -> instance.run((second) -> instance.run((third) -> {
			List<EpithreClient> clients = List.of(first.getBean(EpithreClient.class),
					second.getBean(EpithreClient.class), third.getBean(EpithreClient.class));
			assertThat(clients.get(0).concurrencyLimiter()).isNotSameAs(clients.get(1).concurrencyLimiter());
			List<Long> counts = Flux.range(0, 45)
				.flatMap((i) -> clients.get(i % 3).chat().stream(hello()).count(), 45)
				.collectList()
				.block(Duration.ofSeconds(90));
			assertThat(counts).hasSize(45).allSatisfy((count) -> assertThat(count).isGreaterThan(5));
			assertThat(this.server.peakInFlight(KEY)).isLessThanOrEqualTo(10);
			assertThat(this.server.requestCount()).as("nothing refused and sent again").isEqualTo(45);
		})));
	}

	@Test
	void healthAndEndpointShowTheFallbackWhileRedisIsDown() {
		try (RedisTestSupport.PrivateRedis redis = RedisTestSupport.PrivateRedis.start()) {
			this.contextRunner
				.withPropertyValues(redisMode(redis.address()))
				.withPropertyValues("epithre.coordination.retry-interval=1m", "epithre.coordination.redis.timeout=1s",
						"epithre.health.model=", "management.endpoints.web.exposure.include=epithre")
				.run((context) -> {
					assertThat(run(context, 2)).hasSize(2);
					assertThat(health(context).getDetails().get("coordination"))
						.isEqualTo(Map.of("mode", "redis", "state", "SHARED"));
					redis.stop();
					assertThat(run(context, 3)).as("calls go on under the local limit").hasSize(3);
					Health health = health(context);
					assertThat(health.getStatus()).isEqualTo(EpithreReactiveHealthIndicator.DEGRADED);
					assertThat(health.getDetails().get("reason").toString()).contains("not shared");
					@SuppressWarnings("unchecked")
					Map<String, Object> detail = (Map<String, Object>) health.getDetails().get("coordination");
					assertThat(detail).containsEntry("state", "FALLBACK").containsKeys("since", "lastError");
					EpithreEndpoint.CoordinationDescriptor coordination = context.getBean(EpithreEndpoint.class)
						.clients()
						.clients()
						.get("epithreClient")
						.coordination();
					assertThat(coordination.state()).isEqualTo("FALLBACK");
					assertThat(coordination.store()).isEqualTo(redis.address());
					assertThat(coordination.unsharedCalls()).isPositive();
					assertThat(health.toString() + coordination).doesNotContain(KEY);
				});
		}
	}

	private static String[] redisMode(String address) {
		return new String[] { "epithre.coordination.mode=redis", "epithre.coordination.redis.address=" + address,
				"epithre.coordination.namespace=" + RedisTestSupport.freshNamespace() };
	}

	private static Health health(AssertableApplicationContext context) {
		return context.getBean("epithreHealthContributor", ReactiveHealthIndicator.class)
			.health()
			.block(Duration.ofSeconds(10));
	}

	private static List<Long> run(AssertableApplicationContext context, int calls) {
		EpithreClient client = context.getBean(EpithreClient.class);
		return Flux.range(0, calls)
			.flatMap((i) -> client.chat().stream(hello()).count(), calls)
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	private static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
	}

}
