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
 * percent of a 0.1-0.3 s measured window; the threads' own figures are exact. A thread that ends inside a window
 * takes its time with it, so a difference errs on the side of too little; a thread that starts inside one counts in
 * full. Where {@code /proc} cannot be read, {@link #cpuSince} falls back to the process's own figure.
 *
 * @param threads run time by thread id
 * @param compilers the ids of the JIT compiler threads ({@code C1/C2 CompilerThreadN}, cut to 15 characters)
 * @param processCpuNanos the process's own figure, the fallback
 * @since 0.1.0
 */
public record ThreadTimes(Map<String, Long> threads, Set<String> compilers, long processCpuNanos) {

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
	 * CPU time of the whole process since an earlier snapshot.
	 * @param before the earlier snapshot
	 * @return nanoseconds
	 */
	public long cpuSince(ThreadTimes before) {
		if (this.threads.isEmpty() || before.threads.isEmpty()) {
			return this.processCpuNanos - before.processCpuNanos;
		}
		return since(before, false);
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
