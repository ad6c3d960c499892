package com.epithre.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One line describing where a comparison ran: cores, memory, CPU model, JDK, OS and date.
 */
final class MachineInfo {

	private MachineInfo() {
	}

	static String describe() {
		return String.format(Locale.ROOT, "%d cores (%s), %s RAM, %s %s (%s), %s %s, %s",
				Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), System.getProperty("java.vm.name"),
				System.getProperty("java.runtime.version"), System.getProperty("java.vendor"),
				System.getProperty("os.name"), System.getProperty("os.version"),
				ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)));
	}

	private static String cpuModel() {
		for (String line : lines("/proc/cpuinfo")) {
			if (line.startsWith("model name")) {
				return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		return "unknown CPU";
	}

	private static String memory() {
		for (String line : lines("/proc/meminfo")) {
			if (line.startsWith("MemTotal:")) {
				long kb = Long.parseLong(line.replaceAll("\\D", ""));
				return String.format(Locale.ROOT, "%.1f GB", kb / 1024.0 / 1024.0);
			}
		}
		return "unknown";
	}

	private static List<String> lines(String file) {
		try {
			return Files.readAllLines(Path.of(file));
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
	}

}
