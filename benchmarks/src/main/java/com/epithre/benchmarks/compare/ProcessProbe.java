package com.epithre.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a process's thread count, peak resident memory and CPU time from {@code /proc} (Linux only); samples the
 * thread count on a daemon thread because {@code /proc} keeps no peak for it, whereas {@code VmHWM} is the kernel's
 * own peak of the resident set.
 */
final class ProcessProbe implements AutoCloseable {

	private static final long SAMPLE_MILLIS = 20;

	/** Sampling stops on its own after this many samples (about an hour). */
	private static final int MAX_SAMPLES = 180_000;

	// USER_HZ: 100 on every Linux architecture the JDK runs on
	private static final long CLOCK_TICKS_PER_SECOND = 100;

	private final long pid;

	private final Thread sampler;

	private volatile boolean stopped;

	private volatile int peakThreads;

	ProcessProbe(long pid) {
		this.pid = pid;
		this.sampler = new Thread(this::sample, "proc-sampler-" + pid);
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	private void sample() {
		for (int i = 0; i < MAX_SAMPLES && !this.stopped; i++) {
			int threads = (int) statusValue("Threads:");
			if (threads > this.peakThreads) {
				this.peakThreads = threads;
			}
			try {
				// pacing of the sampler, not synchronization
				Thread.sleep(SAMPLE_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Take a last sample and return the figures; call before the process exits.
	 */
	Snapshot snapshot() {
		int threads = (int) statusValue("Threads:");
		if (threads > this.peakThreads) {
			this.peakThreads = threads;
		}
		return new Snapshot(this.peakThreads, statusValue("VmHWM:"), cpuNanos());
	}

	private long statusValue(String key) {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(this.pid), "status"));
			for (String line : lines) {
				if (line.startsWith(key)) {
					return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the process is gone, or /proc is missing: no sample
		}
		return 0;
	}

	private long cpuNanos() {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(this.pid), "stat"));
			// fields after the command name, which is in parentheses and may contain spaces: utime and stime are 14, 15
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	@Override
	public void close() {
		this.stopped = true;
	}

	/**
	 * Peak threads, peak resident set in kB and user plus system CPU time over the process's life.
	 */
	record Snapshot(int peakThreads, long peakRssKb, long lifetimeCpuNanos) {

	}

}
