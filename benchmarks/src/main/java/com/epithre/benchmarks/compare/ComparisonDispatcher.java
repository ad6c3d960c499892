package com.epithre.benchmarks.compare;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.epithre.test.Dispatcher;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;

/**
 * Answers the comparison's chat requests by what their prompt asks for, so that every client sends the same
 * OpenAI-compatible request and one server serves every scenario: {@code mode=stream} gets a stream of
 * {@code tokens} text chunks {@code delayMs} apart (first event at once, as the fake paces); {@code mode=storm} gets a whole answer after 300 ms, or, when 10
 * storm requests are already in flight, a 429 {@code concurrency_exceeded} after 300 ms (the timing of
 * {@code StormDriver}, whose fake counts a request in flight from its arrival); {@code mode=plain} a whole answer at
 * once. Storm requests, 200s and 429s are counted per {@code run}. Never blocks, so it runs on the server's event
 * loop ({@link #blocking()}): delays are the fake's own.
 */
final class ComparisonDispatcher implements Dispatcher, AutoCloseable {

	static final int STORM_CAP = 10;

	static final Duration STORM_CALL_TIME = Duration.ofMillis(300);

	/**
	 * How much earlier than its answer a storm call frees its slot. A retry after a 429 comes at least
	 * {@code STORM_CALL_TIME} after the refused call arrived, so no client's retry falls in between.
	 */
	static final Duration STORM_RELEASE_LEAD = Duration.ofMillis(50);

	private static final Pattern PROMPT = Pattern
		.compile("bench run=(\\S+) mode=(\\w+) tokens=(\\d+) delayMs=(\\d+)(?: perWrite=(\\d+))?");

	private final Map<Integer, String[]> streams = new ConcurrentHashMap<>();

	private final Map<String, StormCounts> storms = new ConcurrentHashMap<>();

	private final AtomicInteger stormInFlight = new AtomicInteger();

	private final ScheduledExecutorService releases = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "comparison-storm-release");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Never blocks, so the server calls it on its event loop.
	 */
	@Override
	public boolean blocking() {
		return false;
	}

	/**
	 * Return this dispatcher as one that the server calls on a worker thread, for the unpaced throughput streams. The
	 * events of such a stream are then produced on that thread and handed to the event loop, as a model server's
	 * generator hands its tokens to its network threads. Produced on the event loop itself, 4 x 50,000 events took
	 * 0.5-0.6 s instead of 0.2-0.4 s, and the floor's CPU per chunk rose from 0.86 to 1.94 µs (medians of 3):
	 * each event went out on its own, and woke the client once per event.
	 * @return the dispatcher that runs off the event loop
	 */
	Dispatcher offLoop() {
		return this::dispatch;
	}

	@Override
	public @Nullable FakeResponse dispatch(RecordedRequest request) {
		if (!request.path().endsWith("/chat/completions")) {
			return null;
		}
		Matcher prompt = PROMPT.matcher(request.bodyAsString());
		if (!prompt.find()) {
			return null;
		}
		return switch (prompt.group(2)) {
			case "stream" -> FakeResponse.sse(stream(Integer.parseInt(prompt.group(3))))
				.withChunkDelay(Duration.ofMillis(Long.parseLong(prompt.group(4))))
				.withEventsPerWrite((prompt.group(5) != null) ? Integer.parseInt(prompt.group(5)) : 1);
			case "storm" -> storm(this.storms.computeIfAbsent(prompt.group(1), (run) -> new StormCounts()));
			default -> FakeResponse.chatCompletion("ok");
		};
	}

	private FakeResponse storm(StormCounts counts) {
		counts.requests.incrementAndGet();
		int current = this.stormInFlight.get();
		while (current < STORM_CAP) {
			if (this.stormInFlight.compareAndSet(current, current + 1)) {
				counts.successes.incrementAndGet();
				// the slot frees just before the answer goes out, as the fake's own cap frees it before the last
				// write: two timers of the same 300 ms raced, and a client that sends its next call as soon as an
				// answer arrives (a permit released) sometimes found the slot still taken and got a 429
				this.releases.schedule(this.stormInFlight::decrementAndGet,
						STORM_CALL_TIME.minus(STORM_RELEASE_LEAD).toMillis(), TimeUnit.MILLISECONDS);
				return FakeResponse.chatCompletion("ok").withFirstByteDelay(STORM_CALL_TIME);
			}
			current = this.stormInFlight.get();
		}
		counts.rateLimited.incrementAndGet();
		return FakeResponse.rateLimited("concurrency_exceeded").withFirstByteDelay(STORM_CALL_TIME);
	}

	/**
	 * Return the storm counts of a run: requests received, 200s and 429s sent.
	 */
	StormCounts storm(String run) {
		return this.storms.computeIfAbsent(run, (key) -> new StormCounts());
	}

	/**
	 * The events of a stream in OpenAI's full chunk shape, which every client accepts: {@code object}, {@code created}
	 * and {@code model} in every chunk (Spring AI's chunk merger requires {@code model}; the fake's own
	 * {@code chatStream} sends them only in the first chunk, as docs/epithre-api.md, streaming shows), a role chunk,
	 * one chunk per
	 * token, a {@code finish_reason} chunk, no usage chunk, so that every client reads the same bytes.
	 */
	private String[] stream(int tokens) {
		return this.streams.computeIfAbsent(tokens, (count) -> {
			String[] events = new String[count + 2];
			events[0] = chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null");
			for (int i = 0; i < count; i++) {
				events[i + 1] = chunk("{\"content\":\"" + ((i > 0) ? " t" : "t") + i + "\"}", "null");
			}
			events[count + 1] = chunk("{}", "\"stop\"");
			return events;
		});
	}

	private static String chunk(String delta, String finishReason) {
		return "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
				+ "\"model\":\"epithre-lyt\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
				+ finishReason + "}]}";
	}

	@Override
	public void close() {
		this.releases.shutdownNow();
	}

	/**
	 * What the server saw of one storm.
	 */
	static final class StormCounts {

		final AtomicInteger requests = new AtomicInteger();

		final AtomicInteger successes = new AtomicInteger();

		final AtomicInteger rateLimited = new AtomicInteger();

	}

}
