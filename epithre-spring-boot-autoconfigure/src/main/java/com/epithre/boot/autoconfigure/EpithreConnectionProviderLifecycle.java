package com.epithre.boot.autoconfigure;

import java.time.Duration;

import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.context.SmartLifecycle;

/**
 * Disposes the starter's own connection pool when the context stops, in the phase just above that of Spring's
 * {@code ReactorResourceFactory} (0): after the web server's graceful shutdown, before the shared event loops the
 * pool's connections run on are shut down. Disposed only at bean destruction, after those loops, the pool could no
 * longer close its connections: each close was rejected by a terminated event loop ({@code RejectedExecutionException},
 * logged as an error) and the server was left with the connection open.
 */
final class EpithreConnectionProviderLifecycle implements SmartLifecycle {

	/** Phase of {@code ReactorResourceFactory}, which stops the shared event loops. */
	private static final int RESOURCE_FACTORY_PHASE = 0;

	private static final Duration DISPOSE_TIMEOUT = Duration.ofSeconds(10);

	private final ConnectionProvider provider;

	private volatile boolean running;

	EpithreConnectionProviderLifecycle(ConnectionProvider provider) {
		this.provider = provider;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.provider.isDisposed()) {
			return;
		}
		if (Schedulers.isInNonBlockingThread()) {
			this.provider.dispose(); // the closes are queued on the loops, which run them before they stop
		}
		else {
			this.provider.disposeLater().block(DISPOSE_TIMEOUT);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return RESOURCE_FACTORY_PHASE + 1;
	}

}
