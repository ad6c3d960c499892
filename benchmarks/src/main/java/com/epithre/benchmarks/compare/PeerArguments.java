package com.epithre.benchmarks.compare;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a client process must be sized for from the harness arguments.
 */
final class PeerArguments {

	private static final Pattern STREAMS = Pattern.compile("(?:^|,)(?:warmupStreams|streams|calls)=(\\d+)");

	private PeerArguments() {
	}

	/**
	 * Return the most streams or calls any scenario of the arguments runs at once.
	 */
	static int maxStreams(String[] args) {
		int max = 0;
		for (String arg : args) {
			int bar = arg.lastIndexOf('|');
			Matcher matcher = STREAMS.matcher((bar >= 0) ? arg.substring(bar + 1) : "");
			while (matcher.find()) {
				max = Math.max(max, Integer.parseInt(matcher.group(1)));
			}
		}
		return max;
	}

}
