package com.epithre.client.resilience.redis;

import java.time.Duration;
import java.util.List;

import org.redisson.api.RedissonClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.resilience.EpithreResilience;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.RetryRegistry;

/**
 * Another application instance in its own JVM, started by {@link RedisCoordinationProcessTests}: arguments are the
 * fake server's base URL, the Redis address, the namespace, the API key, the number of streams and the lease in
 * milliseconds. It prints {@code STARTED}, then {@code HOLDING n} whenever its permits change, and
 * {@code DONE streams=n} when every stream completed; it ends on its own within two minutes.
 */
public final class RedisWorkerMain {

	private RedisWorkerMain() {
	}

	public static void main(String[] args) {
		String baseUrl = args[0];
		String address = args[1];
		String namespace = args[2];
		String key = args[3];
		int streams = Integer.parseInt(args[4]);
		Duration lease = Duration.ofMillis(Long.parseLong(args[5]));
		RedissonClient redisson = RedisTestSupport.redisson(address);
		RedisCoordinator coordinator = new RedisCoordinator(redisson.reactive(),
				RedisCoordinationSettings.defaults()
					.withNamespace(namespace)
					.withLeaseTime(lease)
					.withRateLimit(0, Duration.ofMinutes(1))
					.withCommandTimeout(Duration.ofSeconds(10)),
				Schedulers.parallel(), address);
		EpithreResilience resilience = EpithreResilience.create(RetryRegistry.ofDefaults(),
				BulkheadRegistry.ofDefaults(), Schedulers.parallel(), coordinator);
		EpithreClient client = EpithreClient.builder(WebClient.builder())
			.settings((s) -> s.withBaseUrl(baseUrl).withApiKey(key))
			.resilience(resilience)
			.build();
		System.out.println("STARTED");
		Flux.interval(Duration.ofMillis(50))
			.map((tick) -> client.concurrencyLimiter().getInFlight())
			.distinctUntilChanged()
			.subscribe((inFlight) -> System.out.println("HOLDING " + inFlight));
		List<Long> counts = Flux.range(0, streams)
			.flatMap((i) -> client.chat()
				.stream(ChatCompletionRequest.builder("epithre-lyt").user("Halo").build())
				.count(), streams)
			.collectList()
			.block(Duration.ofMinutes(2));
		System.out.println("DONE streams=" + ((counts != null) ? counts.size() : 0) + " retries="
				+ resilience.getRetriesByCause());
		RedisTestSupport.shutdown(redisson);
		System.exit(0);
	}

}
