package com.epithre.client.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A scheduler that records every delay asked of it and runs the task at once, moving its clock forward by the delay
 * it skipped, so back-off decisions can be asserted over real HTTP without waiting for them. Shared by the
 * resilience tests and the stream fault suite.
 */
public final class RecordingScheduler implements Scheduler {

	private final Scheduler delegate = Schedulers.parallel();

	private final List<Duration> delays = new ArrayList<>();

	private long skippedNanos;

	public synchronized List<Duration> delays() {
		return List.copyOf(this.delays);
	}

	public synchronized void clear() {
		this.delays.clear();
	}

	@Override
	public Disposable schedule(Runnable task) {
		return this.delegate.schedule(task);
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		synchronized (this) {
			this.delays.add(Duration.ofNanos(unit.toNanos(delay)));
			this.skippedNanos += unit.toNanos(delay);
		}
		return this.delegate.schedule(task);
	}

	@Override
	public Worker createWorker() {
		return this.delegate.createWorker();
	}

	@Override
	public long now(TimeUnit unit) {
		long skipped;
		synchronized (this) {
			skipped = this.skippedNanos;
		}
		return unit.convert(this.delegate.now(TimeUnit.NANOSECONDS) + skipped, TimeUnit.NANOSECONDS);
	}

}
