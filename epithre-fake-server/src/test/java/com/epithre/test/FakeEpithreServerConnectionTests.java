package com.epithre.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.chatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the connection accounting and the idle timeout of {@link FakeEpithreServer}, over raw keep-alive sockets.
 */
@Timeout(15)
class FakeEpithreServerConnectionTests {

	private static final int SOCKET_TIMEOUT_MILLIS = 5000;

	private final FakeEpithreServer server = new FakeEpithreServer();

	@BeforeEach
	void start() {
		this.server.start();
	}

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void connectionCountCountsAcceptedConnectionsNotRequests() throws IOException {
		try (Socket first = connect(); Socket second = connect()) {
			assertThat(getModels(first)).startsWith("HTTP/1.1 200");
			assertThat(getModels(first)).startsWith("HTTP/1.1 200");
			assertThat(getModels(second)).startsWith("HTTP/1.1 200");
			assertThat(this.server.requestCount()).isEqualTo(3);
			assertThat(this.server.connectionCount()).isEqualTo(2);
			assertThat(this.server.openConnectionCount()).isEqualTo(2);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.openConnectionCount() == 0);
		assertThat(this.server.connectionCount()).isEqualTo(2);
	}

	@Test
	void resetZeroesTheConnectionCount() throws IOException {
		try (Socket socket = connect()) {
			getModels(socket);
			assertThat(this.server.connectionCount()).isEqualTo(1);
			this.server.reset();
			assertThat(this.server.connectionCount()).isZero();
			assertThat(this.server.openConnectionCount()).as("open connections stay open").isEqualTo(1);
			getModels(socket);
			assertThat(this.server.connectionCount()).as("a reused connection is not counted again").isZero();
		}
	}

	@Test
	void keepAliveConnectionsStayOpenByDefault() throws IOException {
		try (Socket socket = connect()) {
			getModels(socket);
			socket.setSoTimeout(300);
			assertThat(readOrTimeout(socket.getInputStream())).as("still open after 300 ms").isEqualTo(-2);
			assertThat(getModels(socket)).startsWith("HTTP/1.1 200");
		}
		assertThat(this.server.connectionCount()).isEqualTo(1);
	}

	@Test
	void idleTimeoutClosesAConnectionThatStaysIdleAfterItsResponse() throws IOException {
		this.server.idleTimeout(Duration.ofMillis(200));
		try (Socket socket = connect()) {
			assertThat(getModels(socket)).startsWith("HTTP/1.1 200");
			assertThat(readOrTimeout(socket.getInputStream())).as("closed by the server").isEqualTo(-1);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.openConnectionCount() == 0);
	}

	@Test
	void idleTimeoutClosesAConnectionThatNeverSendsARequest() throws IOException {
		this.server.idleTimeout(Duration.ofMillis(200));
		try (Socket socket = connect()) {
			assertThat(readOrTimeout(socket.getInputStream())).as("closed by the server").isEqualTo(-1);
		}
		assertThat(this.server.connectionCount()).isEqualTo(1);
	}

	@Test
	void idleTimeoutDoesNotCutAResponseInProgress() throws IOException {
		this.server.idleTimeout(Duration.ofMillis(100));
		this.server.enqueue(FakeResponse.sse("{}", "{}", "{}").withChunkDelay(Duration.ofMillis(150)));
		this.server.enqueue(FakeResponse.json(200, "{\"late\":true}").withFirstByteDelay(Duration.ofMillis(300)));
		HttpResponse<InputStream> stream = TestHttp.openChatStream(this.server, KEY, chatRequest(true));
		assertThat(new String(stream.body().readAllBytes(), StandardCharsets.UTF_8)).endsWith("data: [DONE]\n\n");
		assertThat(TestHttp.chat(this.server, chatRequest(false)).body()).isEqualTo("{\"late\":true}");
	}

	@Test
	void resetRemovesTheIdleTimeout() throws IOException {
		this.server.idleTimeout(Duration.ofMillis(100));
		this.server.reset();
		try (Socket socket = connect()) {
			getModels(socket);
			socket.setSoTimeout(300);
			assertThat(readOrTimeout(socket.getInputStream())).as("still open after 300 ms").isEqualTo(-2);
		}
	}

	@Test
	void idleTimeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.idleTimeout(Duration.ZERO))
			.withMessageContaining("positive");
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.server.port());
		socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
		return socket;
	}

	/**
	 * Send {@code GET /v1/models} on the socket's keep-alive connection and read the whole response.
	 */
	private static String getModels(Socket socket) throws IOException {
		socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
		OutputStream out = socket.getOutputStream();
		out.write("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("Connection closed in the response head: " + head);
			}
			head.write(b);
		}
		String headers = head.toString(StandardCharsets.US_ASCII);
		int length = contentLength(headers);
		byte[] body = in.readNBytes(length);
		return headers + new String(body, StandardCharsets.UTF_8);
	}

	private static int contentLength(String headers) {
		for (String line : headers.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				return Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		throw new IllegalStateException("No Content-Length in " + headers);
	}

	/**
	 * Return the next byte, -1 when the server closed the connection, or -2 when nothing came within the socket's
	 * timeout.
	 */
	private static int readOrTimeout(InputStream in) throws IOException {
		try {
			return in.read();
		}
		catch (java.net.SocketTimeoutException ex) {
			return -2;
		}
	}

}
