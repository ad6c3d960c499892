package com.epithre.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake server's {@code /v1/files} (docs/epithre-api.md, files): multipart uploads with {@code file} and {@code
 * purpose},
 * kept in memory; knowledge files read {@code uploaded} until their processing delay has passed, then
 * {@code processed}.
 */
final class FilesEndpoint {

	static final String PATH = "/v1/files";

	/** Body limit of {@code /v1/files} (docs/epithre-api.md, files and limits and timeouts: 50 MB). */
	static final int MAX_BODY_BYTES = 50 * 1024 * 1024;

	static final String BATCH_INPUT = "batch_input";

	static final String KNOWLEDGE = "knowledge";

	private static final Set<String> PURPOSES = Set.of(BATCH_INPUT, KNOWLEDGE, "batch_output");

	private final Map<String, StoredFile> files = new LinkedHashMap<>();

	private volatile Duration processingDelay = Duration.ZERO;

	void processingDelay(Duration delay) {
		this.processingDelay = delay;
	}

	synchronized void reset() {
		this.files.clear();
		this.processingDelay = Duration.ZERO;
	}

	DefaultApi.Outcome respond(RecordedRequest request) {
		String method = request.method();
		String path = request.path();
		if ("POST".equals(method) && path.equals(PATH)) {
			return upload(request);
		}
		if ("GET".equals(method) && path.equals(PATH)) {
			return list();
		}
		String rest = path.substring(PATH.length() + 1);
		boolean content = rest.endsWith("/content");
		String id = content ? rest.substring(0, rest.length() - "/content".length()) : rest;
		StoredFile file = find(id);
		if (file == null || id.contains("/")) {
			return new DefaultApi.Outcome(FakeResponse.error(404, "invalid_request_error", "file_not_found",
					"No such file: '" + id + "'"), false);
		}
		if ("GET".equals(method) && content) {
			// the stored bytes as they are, never through a String: binary uploads come back unchanged
			return new DefaultApi.Outcome(FakeResponse.binary(200, file.content), false);
		}
		if ("GET".equals(method)) {
			return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(json(file))), false);
		}
		if ("DELETE".equals(method)) {
			synchronized (this) {
				this.files.remove(id);
			}
			ObjectNode deleted = Json.object().put("id", id).put("object", "file").put("deleted", true);
			return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(deleted)), false);
		}
		return new DefaultApi.Outcome(FakeResponse.notFound("Unknown request URL: " + method + " " + path), false);
	}

	synchronized @Nullable StoredFile find(String id) {
		return this.files.get(id);
	}

	synchronized StoredFile store(String filename, String purpose, byte[] content) {
		StoredFile file = new StoredFile("file-" + Ids.random(24), filename, purpose, content,
				Instant.now().getEpochSecond(), System.nanoTime());
		this.files.put(file.id, file);
		return file;
	}

	private DefaultApi.Outcome upload(RecordedRequest request) {
		byte[] body = request.rawBody();
		if (body.length > MAX_BODY_BYTES) {
			return DefaultApi.tooLarge(body.length, "50 MB");
		}
		String contentType = request.header("Content-Type");
		String boundary = boundary(contentType);
		if (boundary == null) {
			return DefaultApi.invalid("Content-Type must be multipart/form-data with a boundary");
		}
		Map<String, Part> parts = parts(body, boundary);
		Part file = parts.get("file");
		Part purpose = parts.get("purpose");
		if (file == null || file.filename == null) {
			return DefaultApi.invalid("Missing multipart field 'file'");
		}
		if (purpose == null) {
			return DefaultApi.invalid("Missing multipart field 'purpose'");
		}
		String purposeValue = new String(purpose.content, StandardCharsets.UTF_8).strip();
		if (!PURPOSES.contains(purposeValue) || "batch_output".equals(purposeValue)) {
			return DefaultApi.invalid("'purpose' must be one of batch_input, knowledge; was '" + purposeValue + "'");
		}
		StoredFile stored = store(file.filename, purposeValue, file.content);
		ObjectNode answer = json(stored);
		// a fresh knowledge file is always reported as uploaded (docs/epithre-api.md, files)
		if (KNOWLEDGE.equals(purposeValue)) {
			answer.put("status", "uploaded");
		}
		return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(answer)), false);
	}

	private DefaultApi.Outcome list() {
		ObjectNode answer = Json.object().put("object", "list");
		ArrayNode data = answer.putArray("data");
		List<StoredFile> all;
		synchronized (this) {
			all = new ArrayList<>(this.files.values());
		}
		all.forEach((file) -> data.add(json(file)));
		return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(answer)), false);
	}

	private ObjectNode json(StoredFile file) {
		boolean processed = !KNOWLEDGE.equals(file.purpose)
				|| System.nanoTime() - file.createdNanos >= this.processingDelay.toNanos();
		return Json.object()
			.put("id", file.id)
			.put("object", "file")
			.put("bytes", file.content.length)
			.put("created_at", file.createdAt)
			.put("filename", file.filename)
			.put("purpose", file.purpose)
			.put("status", processed ? "processed" : "uploaded");
	}

	static @Nullable String boundary(@Nullable String contentType) {
		if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
			return null;
		}
		for (String parameter : contentType.split(";")) {
			String trimmed = parameter.strip();
			if (trimmed.startsWith("boundary=")) {
				String value = trimmed.substring("boundary=".length());
				return (value.startsWith("\"") && value.endsWith("\"") && value.length() > 1)
						? value.substring(1, value.length() - 1) : value;
			}
		}
		return null;
	}

	/**
	 * Split a {@code multipart/form-data} body into its parts by field name; bytes are kept as they are and part
	 * headers are read as UTF-8, as Spring writes them.
	 */
	static Map<String, Part> parts(byte[] body, String boundary) {
		String text = new String(body, StandardCharsets.ISO_8859_1);
		String delimiter = "--" + boundary;
		Map<String, Part> parts = new LinkedHashMap<>();
		int start = text.indexOf(delimiter);
		while (start >= 0) {
			int headersStart = start + delimiter.length();
			if (text.startsWith("--", headersStart)) {
				break;
			}
			int next = text.indexOf("\r\n" + delimiter, headersStart);
			if (next < 0) {
				break;
			}
			int headersEnd = text.indexOf("\r\n\r\n", headersStart);
			if (headersEnd < 0 || headersEnd > next) {
				break;
			}
			String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
			String name = parameter(headers, "name");
			if (name != null) {
				String filename = parameter(headers, "filename");
				byte[] content = text.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1);
				parts.put(name, new Part(filename, content));
			}
			start = next + 2;
		}
		return parts;
	}

	/**
	 * A parameter of the {@code Content-Disposition} part header, a token or a quoted string whose backslash escapes
	 * ({@code \"}, {@code \\}) are undone.
	 */
	private static @Nullable String parameter(String headers, String name) {
		for (String line : headers.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon < 0 || !line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
				continue;
			}
			int at = line.indexOf(';', colon);
			while (at >= 0) {
				int equals = line.indexOf('=', at);
				if (equals < 0) {
					return null;
				}
				String key = line.substring(at + 1, equals).strip();
				int from = equals + 1;
				while (from < line.length() && line.charAt(from) == ' ') {
					from++;
				}
				StringBuilder value = new StringBuilder();
				if (from < line.length() && line.charAt(from) == '"') {
					int i = from + 1;
					while (i < line.length() && line.charAt(i) != '"') {
						if (line.charAt(i) == '\\' && i + 1 < line.length()) {
							i++;
						}
						value.append(line.charAt(i));
						i++;
					}
					at = line.indexOf(';', i);
				}
				else {
					at = line.indexOf(';', from);
					value.append(line.substring(from, (at < 0) ? line.length() : at).strip());
				}
				if (key.equalsIgnoreCase(name)) {
					return value.toString();
				}
			}
		}
		return null;
	}

	/**
	 * One multipart field.
	 */
	record Part(@Nullable String filename, byte[] content) {
	}

	/**
	 * A file kept in memory.
	 */
	record StoredFile(String id, String filename, String purpose, byte[] content, long createdAt, long createdNanos) {
	}

}
