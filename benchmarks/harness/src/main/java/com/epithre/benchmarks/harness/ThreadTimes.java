package com.epithre.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.sun.management.OperatingSystemMXBean;

/**
 * How long each thread of this process has run so far, in nanoseconds, from {@code /proc/self/task/<tid>/schedstat}
 * (user plus system time, GC and JIT threads included), and which of them are JIT compiler threads.
 *
 * <p>
 * {@code OperatingSystemMXBean#getProcessCpuTime} counts 10 ms clock ticks on this JDK and Linux, which is several
 * percent of a 0.1-0.3 s measured window; the threads' own figures are exact. But a thread that ends inside a window
 * takes its time with it, which the process's figure keeps: {@link #cpuSince} takes that figure when the difference
 * shows it, and where {@code /proc} cannot be read.
 *
 * @param threads run time by thread id
 * @param compilers the ids of the JIT compiler threads ({@code C1/C2 CompilerThreadN}, cut to 15 characters)
 * @param processCpuNanos the process's own figure, the fallback
 * @since 0.1.0
 */
public record ThreadTimes(Map<String, Long> threads, Set<String> compilers, long processCpuNanos) {

	/**
	 * How far the process's own figure may exceed the threads' sum by its 10 ms ticks alone, the two snapshots not
	 * being taken at quite the same instant: two ticks.
	 */
	static final long TICK_SLACK_NANOS = 20_000_000;

	/**
	 * Read every thread's run time now.
	 * @return the snapshot
	 */
	public static ThreadTimes read() {
		Map<String, Long> threads = new HashMap<>();
		Set<String> compilers = new HashSet<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path task : tasks) {
				try {
					String schedstat = Files.readString(task.resolve("schedstat")).trim();
					String tid = task.getFileName().toString();
					threads.put(tid, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
					String name = Files.readString(task.resolve("comm")).trim();
					if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
						compilers.add(tid);
					}
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended while it was read
				}
			}
		}
		catch (IOException ex) {
			threads.clear();
			compilers.clear();
		}
		return new ThreadTimes(threads, compilers, ((OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime());
	}

	/**
	 * CPU time of the whole process since an earlier snapshot: the threads' own figures, unless the process's tick
	 * count exceeds their sum by more than {@link #TICK_SLACK_NANOS} and 5%, which means that threads started and
	 * ended inside the window (a client that runs a short-lived thread per call): their time is only in the tick
	 * count, which is then the figure.
	 * @param before the earlier snapshot
	 * @return nanoseconds
	 */
	public long cpuSince(ThreadTimes before) {
		long ticks = this.processCpuNanos - before.processCpuNanos;
		if (this.threads.isEmpty() || before.threads.isEmpty()) {
			return ticks;
		}
		long threads = since(before, false);
		return (ticks > threads + TICK_SLACK_NANOS + threads / 20) ? ticks : threads;
	}

	/**
	 * CPU time of the JIT compiler threads since an earlier snapshot; 0 where {@code /proc} cannot be read.
	 * @param before the earlier snapshot
	 * @return nanoseconds
	 */
	public long compilerCpuSince(ThreadTimes before) {
		return since(before, true);
	}

	private long since(ThreadTimes before, boolean compilersOnly) {
		long total = 0;
		for (Map.Entry<String, Long> thread : this.threads.entrySet()) {
			if (!compilersOnly || this.compilers.contains(thread.getKey())) {
				total += thread.getValue() - before.threads.getOrDefault(thread.getKey(), 0L);
			}
		}
		return total;
	}

}
