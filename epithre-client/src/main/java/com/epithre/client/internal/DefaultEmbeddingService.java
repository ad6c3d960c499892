package com.epithre.client.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import com.epithre.client.config.RequestOptions;
import com.epithre.client.embedding.Embedding;
import com.epithre.client.embedding.EmbeddingInput;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.embedding.EmbeddingResponse;
import com.epithre.client.embedding.EmbeddingService;
import com.epithre.client.embedding.EmbeddingUsage;
import com.epithre.client.error.EpithreInvalidResponseException;

/**
 * {@link EmbeddingService} over {@link EpithreHttp}: splits a request over the per-request limits of
 * docs/epithre-api.md, embeddings (64 texts, 8 images, 25 MB) into parts sent a few at a time, and joins their answers
 * in input
 * order. Every answer, and the joined one, must hold exactly one vector per input index.
 */
final class DefaultEmbeddingService implements EmbeddingService {

	static final String PATH = "/embeddings";

	/** Parts of a split request in flight at once; the key's limiter bounds the client as a whole. */
	static final int SPLIT_CONCURRENCY = 4;

	private final EpithreHttp http;

	private final RequestOptions defaults;

	DefaultEmbeddingService(EpithreHttp http) {
		this(http, RequestOptions.none());
	}

	DefaultEmbeddingService(EpithreHttp http, RequestOptions defaults) {
		this.http = http;
		this.defaults = defaults;
	}

	@Override
	public Mono<EmbeddingResponse> create(EmbeddingRequest request, RequestOptions options) {
		Assert.notNull(request, "request must not be null");
		RequestOptions merged = options.withDefaults(this.defaults);
		List<Part> parts = split(request);
		if (parts.size() == 1) {
			return send(request, merged, "");
		}
		return Flux.fromIterable(parts)
			.flatMapSequential((part) -> send(part.request, merged, " (part of " + part.request.input().size()
					+ " inputs starting at input " + part.offset + " of a split request)")
				.map((response) -> new Answer(part, response)), SPLIT_CONCURRENCY)
			.collectList()
			.map((answers) -> check(join(answers), request.input().size(), " (joined from " + answers.size()
					+ " parts of a split request)", null));
	}

	/**
	 * Require exactly one vector per input index {@code 0..expected-1}.
	 * @param response the answer, ordered by index
	 * @param expected the number of inputs sent
	 * @param where which answer this is, for the message
	 * @param requestId the answer's request id, or {@code null}
	 * @return the answer
	 * @throws EpithreInvalidResponseException naming the expected count and what came instead
	 */
	static EmbeddingResponse check(EmbeddingResponse response, int expected, String where,
			@Nullable String requestId) {
		List<Embedding> data = response.data();
		BitSet seen = new BitSet(expected);
		List<Integer> duplicates = new ArrayList<>();
		List<Integer> outOfRange = new ArrayList<>();
		for (Embedding embedding : data) {
			int index = embedding.index();
			if (index < 0 || index >= expected) {
				outOfRange.add(index);
			}
			else if (seen.get(index)) {
				duplicates.add(index);
			}
			else {
				seen.set(index);
			}
		}
		if (data.size() == expected && duplicates.isEmpty() && outOfRange.isEmpty()) {
			return response;
		}
		List<Integer> missing = new ArrayList<>();
		for (int index = seen.nextClearBit(0); index < expected; index = seen.nextClearBit(index + 1)) {
			missing.add(index);
		}
		List<String> problems = new ArrayList<>();
		describe(problems, "duplicate index", duplicates);
		describe(problems, "index out of range 0.." + (expected - 1) + ":", outOfRange);
		describe(problems, "missing index", missing);
		throw new EpithreInvalidResponseException("Epithre POST " + PATH + " returned " + data.size()
				+ ((data.size() == 1) ? " embedding" : " embeddings") + " for " + expected
				+ ((expected == 1) ? " input" : " inputs") + where + ", expected exactly one per input index 0.."
				+ (expected - 1) + ": " + String.join("; ", problems)
				+ ((requestId != null) ? " [request id " + requestId + "]" : ""), requestId, null);
	}

	private static void describe(List<String> problems, String what, List<Integer> indexes) {
		if (indexes.isEmpty()) {
			return;
		}
		StringBuilder problem = new StringBuilder(what).append(' ');
		int shown = Math.min(indexes.size(), 10);
		for (int i = 0; i < shown; i++) {
			problem.append((i > 0) ? ", " : "").append(indexes.get(i));
		}
		if (indexes.size() > shown) {
			problem.append(" and ").append(indexes.size() - shown).append(" more");
		}
		problems.add(problem.toString());
	}

	private Mono<EmbeddingResponse> send(EmbeddingRequest request, RequestOptions options, String where) {
		// docs/epithre-api.md, embeddings: sending the same inputs again is harmless, so every failure may be retried
		int expected = request.input().size();
		return this.http.post(PATH, request, EmbeddingResponse.class, options, request.model(), true,
				(response, requestId) -> check(response, expected, where, requestId));
	}

	/**
	 * Cut the inputs, in order, into parts within the per-request limits of docs/epithre-api.md, embeddings.
	 */
	static List<Part> split(EmbeddingRequest request) {
		List<Part> parts = new ArrayList<>();
		List<EmbeddingInput> current = new ArrayList<>();
		int offset = 0;
		int texts = 0;
		int images = 0;
		long bytes = request.bodyOverheadBytes();
		for (EmbeddingInput item : request.input()) {
			long itemBytes = item.jsonBytes() + 1;
			boolean full = item.isImage() ? images == EmbeddingRequest.MAX_IMAGES : texts == EmbeddingRequest.MAX_TEXTS;
			if (!current.isEmpty() && (full || bytes + itemBytes > EmbeddingRequest.MAX_BODY_BYTES)) {
				parts.add(new Part(offset, request.withInput(current)));
				offset += current.size();
				current = new ArrayList<>();
				texts = 0;
				images = 0;
				bytes = request.bodyOverheadBytes();
			}
			current.add(item);
			bytes += itemBytes;
			if (item.isImage()) {
				images++;
			}
			else {
				texts++;
			}
		}
		parts.add(new Part(offset, (offset == 0) ? request : request.withInput(current)));
		return parts;
	}

	private static EmbeddingResponse join(List<Answer> answers) {
		List<Embedding> data = new ArrayList<>();
		@Nullable EmbeddingUsage usage = null;
		for (Answer answer : answers) {
			for (Embedding embedding : answer.response.data()) {
				data.add(embedding.withIndex(answer.part.offset + embedding.index()));
			}
			EmbeddingUsage partUsage = answer.response.usage();
			usage = (usage != null) ? usage.plus(partUsage) : partUsage;
		}
		EmbeddingResponse first = answers.get(0).response;
		return new EmbeddingResponse(first.object(), first.model(), data, usage);
	}

	/**
	 * One request of a split, and the input position of its first item.
	 */
	record Part(int offset, EmbeddingRequest request) {
	}

	private record Answer(Part part, EmbeddingResponse response) {
	}

}
