package com.epithre.test;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the fake server's {@code /v1/files} ({@link FilesEndpoint}).
 */
@Timeout(10)
class FilesEndpointTests {

	private static final String BOUNDARY = "xYzBoundary";

	private final FakeEpithreServer server = new FakeEpithreServer();

	@BeforeEach
	void start() {
		this.server.start();
	}

	@AfterEach
	void close() {
		this.server.close();
	}

	static String multipart(String filename, String content, String purpose) {
		return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose + "\r\n--" + BOUNDARY
				+ "--\r\n";
	}

	static HttpResponse<String> upload(FakeEpithreServer server, String body) {
		HttpRequest request = TestHttp
			.request(server, "/v1/files", "Authorization", "Bearer " + KEY, "Content-Type",
					"multipart/form-data; boundary=" + BOUNDARY)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build();
		return TestHttp.send(request, BodyHandlers.ofString());
	}

	static HttpResponse<String> upload(FakeEpithreServer server, byte[] body) {
		HttpRequest request = TestHttp
			.request(server, "/v1/files", "Authorization", "Bearer " + KEY, "Content-Type",
					"multipart/form-data; boundary=" + BOUNDARY)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return TestHttp.send(request, BodyHandlers.ofString());
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	@Test
	void uploadStoresTheFileAndContentReturnsItsBytes() {
		HttpResponse<String> response = upload(this.server, multipart("a.jsonl", "{\"x\":1}\n", "batch_input"));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode file = json(response.body());
		assertThat(file.path("id").stringValue()).startsWith("file-");
		assertThat(file.path("bytes").intValue()).isEqualTo(8);
		assertThat(file.path("filename").stringValue()).isEqualTo("a.jsonl");
		String id = file.path("id").stringValue();
		assertThat(TestHttp.get(this.server, "/v1/files/" + id + "/content", "Authorization", "Bearer " + KEY).body())
			.isEqualTo("{\"x\":1}\n");
		assertThat(json(TestHttp.get(this.server, "/v1/files", "Authorization", "Bearer " + KEY).body())
			.path("data")
			.size()).isEqualTo(1);
	}

	@Test
	void binaryContentComesBackByteForByte() {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff, (byte) 0xfe };
		byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
				+ "Content-Type: image/png\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = ("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
				+ "knowledge\r\n--" + BOUNDARY + "--\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		HttpResponse<String> response = upload(this.server, concat(head, png, tail));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response.body()).path("bytes").intValue()).isEqualTo(png.length);
		HttpRequest get = TestHttp
			.request(this.server, "/v1/files/" + json(response.body()).path("id").stringValue() + "/content",
					"Authorization", "Bearer " + KEY)
			.GET()
			.build();
		HttpResponse<byte[]> content = TestHttp.send(get, BodyHandlers.ofByteArray());
		assertThat(content.statusCode()).isEqualTo(200);
		assertThat(content.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(content.body()).containsExactly(png);
	}

	@Test
	void quotedFilenameWithEscapedQuotesAndUtf8IsReadWhole() {
		String filename = "laporan \\\"Q1\\\" – ñ.txt";
		HttpResponse<String> response = upload(this.server, multipart(filename, "isi", "knowledge"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response.body()).path("filename").stringValue()).isEqualTo("laporan \"Q1\" – ñ.txt");
	}

	@Test
	void unknownPurposeIsRejected() {
		HttpResponse<String> response = upload(this.server, multipart("a.txt", "x", "fine_tune"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("purpose");
	}

	@Test
	void deleteRemovesAndUnknownIdIsNotFound() {
		String id = json(upload(this.server, multipart("a.txt", "x", "knowledge")).body()).path("id").stringValue();
		HttpRequest delete = TestHttp.request(this.server, "/v1/files/" + id, "Authorization", "Bearer " + KEY)
			.DELETE()
			.build();
		assertThat(TestHttp.send(delete, BodyHandlers.ofString()).body()).contains("\"deleted\":true");
		HttpResponse<String> missing = TestHttp.get(this.server, "/v1/files/" + id, "Authorization", "Bearer " + KEY);
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(json(missing.body()).path("error").path("message").stringValue()).contains(id);
	}

	@Test
	void batchWithoutInputFileIsRejectedAndWorkerCompletesAValidOne() {
		this.server.batchWorkerCadence(Duration.ZERO);
		HttpResponse<String> missing = TestHttp.post(this.server, "/v1/batches",
				"{\"input_file_id\":\"file-x\",\"endpoint\":\"/v1/embeddings\",\"completion_window\":\"24h\"}",
				"Authorization", "Bearer " + KEY);
		assertThat(missing.statusCode()).isEqualTo(400);
		String line = "{\"custom_id\":\"doc-001\",\"method\":\"POST\",\"url\":\"/v1/rerank\",\"body\":{\"model\":"
				+ "\"epithre-rerank\",\"query\":\"ibu kota\",\"documents\":[\"Jakarta ibu kota\"]}}\n";
		String fileId = json(upload(this.server, multipart("in.jsonl", line, "batch_input")).body()).path("id")
			.stringValue();
		HttpResponse<String> created = TestHttp.post(this.server, "/v1/batches",
				"{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/rerank\",\"completion_window\":\"24h\"}",
				"Authorization", "Bearer " + KEY);
		assertThat(json(created.body()).path("status").stringValue()).isEqualTo("validating");
		String id = json(created.body()).path("id").stringValue();
		JsonNode batch = json(TestHttp.get(this.server, "/v1/batches/" + id, "Authorization", "Bearer " + KEY).body());
		assertThat(batch.path("status").stringValue()).isEqualTo("completed");
		String output = TestHttp.get(this.server, "/v1/files/" + batch.path("output_file_id").stringValue() + "/content",
				"Authorization", "Bearer " + KEY).body();
		Map<String, Object> result = TestHttp.map(output.strip());
		assertThat(result).containsEntry("custom_id", "doc-001");
		assertThat(TestHttp.get(this.server, "/v1/batches?limit=101", "Authorization", "Bearer " + KEY).statusCode())
			.isEqualTo(400);
	}

}
