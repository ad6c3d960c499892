package com.epithre.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The suite runs with BlockHound installed (blockhound-junit-platform): a blocking call on a Reactor thread fails.
 * Every other test of this module thus also proves that the client never blocks a Reactor or Netty thread.
 */
class BlockHoundInstalledTests {

	@Test
	void blockingOnAReactorThreadFails() {
		StepVerifier.create(Mono.delay(Duration.ofMillis(1)).doOnNext((tick) -> {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		})).expectError(BlockingOperationError.class).verify(Duration.ofSeconds(5));
	}

}
