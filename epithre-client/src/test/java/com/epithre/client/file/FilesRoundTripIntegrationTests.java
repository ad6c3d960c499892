package com.epithre.client.file;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.io.ByteArrayResource;

import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads through the real client keep their bytes and filename on the fake server.
 */
class FilesRoundTripIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final FileService files = FilesIntegrationTests.files(this.server);

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
