package com.epithre.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts responses cut short by the client, and lets tests wait for them.
 */
final class DisconnectCounter {

	private final Object monitor = new Object();

	private int count;

	void increment() {
		synchronized (this.monitor) {
			this.count++;
			this.monitor.notifyAll();
		}
	}

	int count() {
		synchronized (this.monitor) {
			return this.count;
		}
	}

	boolean await(int expected, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (this.count < expected) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	void reset() {
		synchronized (this.monitor) {
			this.count = 0;
		}
	}

}
