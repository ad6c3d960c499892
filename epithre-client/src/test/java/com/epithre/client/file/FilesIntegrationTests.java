package com.epithre.client.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.error.EpithreNotFoundException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FilesIntegrationTests {

	static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final FileService files = files(this.server);

	@TempDir
	Path tempDir;

	static FileService files(FakeEpithreServer server) {
		EpithreClientSettings settings = EpithreClientSettings.defaults().withBaseUrl(server.baseUrl()).withApiKey(KEY);
		return EpithreClient.builder(WebClient.builder()).settings(settings).build().files();
	}

	@Test
	void uploadFromPathSendsFileAndPurposeAsMultipart() throws IOException {
		Path jsonl = Files.writeString(this.tempDir.resolve("input.jsonl"), "{\"a\":1}\n", StandardCharsets.UTF_8);
		StepVerifier.create(this.files.upload(jsonl, FilePurpose.BATCH_INPUT)).assertNext((file) -> {
			assertThat(file.id()).startsWith("file-");
			assertThat(file.filename()).isEqualTo("input.jsonl");
			assertThat(file.bytes()).isEqualTo(8L);
			assertThat(file.purpose()).isEqualTo("batch_input");
			assertThat(file.isProcessed()).isTrue();
			assertThat(file.createdAtInstant()).isNotNull();
		}).expectComplete().verify(TIMEOUT);
		RecordedRequest recorded = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(recorded.method()).isEqualTo("POST");
		assertThat(recorded.path()).isEqualTo("/v1/files");
		assertThat(recorded.header("Authorization")).isEqualTo("Bearer " + KEY);
		assertThat(recorded.header("Content-Type")).startsWith("multipart/form-data");
		assertThat(recorded.bodyAsString()).contains("name=\"file\"; filename=\"input.jsonl\"")
			.contains("{\"a\":1}")
			.contains("name=\"purpose\"")
			.contains("batch_input");
	}

	@Test
	void idsAPathCannotCarryAsTheyAreAreRefusedNamingThemAndNothingIsSent() {
		for (String id : new String[] { "file-{x}", "file-100%", "file-ñ", "a/b", "a b" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> this.files.get(id))
				.withMessageContaining("fileId must be a single path segment")
				.withMessageContaining("'" + id + "'");
		}
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void uploadFromResourceAndKnowledgeFileGoesFromUploadedToProcessed() {
		this.server.fileProcessingDelay(Duration.ofHours(1));
		ByteArrayResource resource = named("# Judul\n".getBytes(StandardCharsets.UTF_8), "notes.md");
		StepVerifier.create(this.files.upload(resource, FilePurpose.KNOWLEDGE)
			.flatMap((file) -> this.files.get(file.id()))).assertNext((file) -> {
				assertThat(file.filename()).isEqualTo("notes.md");
				assertThat(file.status()).isEqualTo(FileObject.UPLOADED);
			}).expectComplete().verify(TIMEOUT);
		this.server.fileProcessingDelay(Duration.ZERO);
		StepVerifier.create(this.files.list()).assertNext((list) -> {
			assertThat(list.data()).singleElement().satisfies((file) -> assertThat(file.isProcessed()).isTrue());
		}).expectComplete().verify(TIMEOUT);
		assertThat(this.server.takeRequest(Duration.ofSeconds(5)).bodyAsString())
			.contains("name=\"file\"; filename=\"notes.md\"")
			.contains("knowledge");
	}

	@Test
	void uploadFromFluxStreamsTheBuffersAndContentComesBack() {
		DefaultDataBufferFactory factory = DefaultDataBufferFactory.sharedInstance;
		Flux<DataBuffer> content = Flux.just("baris satu\n", "baris dua\n")
			.map((text) -> factory.wrap(text.getBytes(StandardCharsets.UTF_8)));
		StepVerifier.create(this.files.upload(content, "lines.txt", FilePurpose.KNOWLEDGE)
			.flatMap((file) -> this.files.contentBytes(file.id()))).assertNext((bytes) -> {
				assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("baris satu\nbaris dua\n");
			}).expectComplete().verify(TIMEOUT);
		RecordedRequest upload = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(upload.bodyAsString()).contains("name=\"file\"; filename=\"lines.txt\"")
			.contains("baris satu\nbaris dua\n");
		assertThat(this.server.takeRequest(Duration.ofSeconds(5)).path()).matches("/v1/files/file-.+/content");
	}

	@Test
	void pathOverTheLimitFailsBeforeSending() throws IOException {
		Path big = this.tempDir.resolve("big.pdf");
		try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
			file.setLength(FileService.MAX_UPLOAD_BYTES + 1);
		}
		StepVerifier.create(this.files.upload(big, FilePurpose.KNOWLEDGE))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("50 MB")
				.hasMessageContaining("docs/epithre-api.md, files"))
			.verify(TIMEOUT);
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void resourceOverTheLimitFailsBeforeSending() {
		AbstractResource big = new AbstractResource() {

			@Override
			public String getDescription() {
				return "big";
			}

			@Override
			public InputStream getInputStream() {
				return InputStream.nullInputStream();
			}

			@Override
			public long contentLength() {
				return FileService.MAX_UPLOAD_BYTES + 1;
			}

		};
		StepVerifier.create(this.files.upload(big, FilePurpose.BATCH_INPUT))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("50 MB"))
			.verify(TIMEOUT);
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void fluxOverTheLimitFailsWhileStreaming() {
		DefaultDataBufferFactory factory = DefaultDataBufferFactory.sharedInstance;
		byte[] megabyte = new byte[1024 * 1024];
		Flux<DataBuffer> content = Flux.range(0, 51).map((i) -> factory.wrap(megabyte));
		StepVerifier.create(this.files.upload(content, "big.jsonl", FilePurpose.BATCH_INPUT))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("50 MB"))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void deleteRemovesTheFileAndUnknownIdsAreTypedNotFound() throws IOException {
		Path text = Files.writeString(this.tempDir.resolve("a.txt"), "isi", StandardCharsets.UTF_8);
		StepVerifier.create(this.files.upload(text, FilePurpose.KNOWLEDGE)
			.flatMap((file) -> this.files.delete(file.id()).map((deleted) -> {
				assertThat(deleted.deleted()).isTrue();
				assertThat(deleted.id()).isEqualTo(file.id());
				return file.id();
			}))
			.flatMap(this.files::get)).expectError(EpithreNotFoundException.class).verify(TIMEOUT);
		StepVerifier.create(this.files.delete("file-missing")).expectError(EpithreNotFoundException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.files.content("file-missing")).expectError(EpithreNotFoundException.class)
			.verify(TIMEOUT);
	}

	@Test
	void binaryUploadComesBackByteForByte() {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff, (byte) 0xfe, (byte) 0xc3 };
		FileObject file = this.files.upload(named(png, "gambar.png"), FilePurpose.KNOWLEDGE).block(TIMEOUT);
		assertThat(file).isNotNull();
		assertThat(file.bytes()).isEqualTo(png.length);
		assertThat(this.files.contentBytes(file.id()).block(TIMEOUT)).containsExactly(png);
	}

	@Test
	void filenameWithQuotesAndNonAsciiCharactersIsKeptWhole() {
		String filename = "laporan \"Q1\" – ñ.txt";
		FileObject file = this.files
			.upload(named("isi".getBytes(StandardCharsets.UTF_8), filename), FilePurpose.KNOWLEDGE)
			.block(TIMEOUT);
		assertThat(file).isNotNull();
		assertThat(file.filename()).isEqualTo(filename);
		assertThat(this.files.get(file.id()).block(TIMEOUT).filename()).isEqualTo(filename);
	}

	private static ByteArrayResource named(byte[] content, String filename) {
		return new ByteArrayResource(content) {

			@Override
			public String getFilename() {
				return filename;
			}

		};
	}

}
