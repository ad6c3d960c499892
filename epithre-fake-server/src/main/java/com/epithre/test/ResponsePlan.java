package com.epithre.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@link FakeResponse} rendered for one request: exactly what goes on the wire, and when.
 */
record ResponsePlan(int status, List<Map.Entry<String, String>> headers, Duration firstByteDelay, byte[] body,
		List<byte[]> segments, Duration chunkDelay, boolean streaming, boolean abortAtEnd, boolean dropConnection) {

	static ResponsePlan dropped(Duration firstByteDelay) {
		return new ResponsePlan(0, List.of(), firstByteDelay, new byte[0], List.of(), Duration.ZERO, false, false,
				true);
	}

}
