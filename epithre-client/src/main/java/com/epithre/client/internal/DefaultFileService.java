package com.epithre.client.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyInserters;

import com.epithre.client.config.RequestOptions;
import com.epithre.client.file.FileDeleted;
import com.epithre.client.file.FileList;
import com.epithre.client.file.FileObject;
import com.epithre.client.file.FileService;

/**
 * {@link FileService} over {@link EpithreHttp}: streamed multipart uploads checked
 * against the 50 MB limit of docs/epithre-api.md, files and known gaps (file size).
 *
 * @since 0.1.0
 */
final class DefaultFileService implements FileService {

	static final String PATH = "/files";

	private final EpithreHttp http;

	private final RequestOptions defaults;

	DefaultFileService(EpithreHttp http) {
		this(http, RequestOptions.none());
	}

	DefaultFileService(EpithreHttp http, RequestOptions defaults) {
		this.http = http;
		this.defaults = defaults;
	}

	@Override
	public Mono<FileObject> upload(Path file, String purpose) {
		Assert.notNull(file, "file must not be null");
		return Mono.defer(() -> {
			long size;
			try {
				size = Files.size(file);
			}
			catch (IOException ex) {
				return Mono.error(new UncheckedIOException("Cannot read the size of " + file, ex));
			}
			checkSize(size, file.getFileName().toString());
			return send(new FileSystemResource(file), file.getFileName().toString(), purpose);
		});
	}

	@Override
	public Mono<FileObject> upload(Resource resource, String purpose) {
		Assert.notNull(resource, "resource must not be null");
		return Mono.defer(() -> {
			String filename = (resource.getFilename() != null) ? resource.getFilename() : "upload";
			long size;
			try {
				size = resource.contentLength();
			}
			catch (IOException ex) {
				size = -1;
			}
			if (size >= 0) {
				checkSize(size, filename);
			}
			return send(resource, filename, purpose);
		});
	}

	@Override
	public Mono<FileObject> upload(Flux<DataBuffer> content, String filename, String purpose) {
		Assert.notNull(content, "content must not be null");
		Assert.hasText(filename, "filename must not be empty");
		return Mono.defer(() -> {
			AtomicLong sent = new AtomicLong();
			Flux<DataBuffer> counted = content.handle((buffer, sink) -> {
				long total = sent.addAndGet(buffer.readableByteCount());
				if (total > MAX_UPLOAD_BYTES) {
					DataBufferUtils.release(buffer);
					sink.error(tooLarge("more than " + MAX_UPLOAD_BYTES, filename));
					return;
				}
				sink.next(buffer);
			});
			Assert.hasText(purpose, "purpose must not be empty (docs/epithre-api.md, files)");
			MultipartBodyBuilder builder = new MultipartBodyBuilder();
			builder.asyncPart("file", counted, DataBuffer.class).filename(filename);
			builder.part("purpose", purpose);
			return post(builder);
		});
	}

	private Mono<FileObject> send(Resource resource, String filename, String purpose) {
		Assert.hasText(purpose, "purpose must not be empty (docs/epithre-api.md, files)");
		MultipartBodyBuilder builder = new MultipartBodyBuilder();
		builder.part("file", resource).filename(filename);
		builder.part("purpose", purpose);
		return post(builder);
	}

	private Mono<FileObject> post(MultipartBodyBuilder builder) {
		// docs/epithre-api.md, what the client handles: an upload has a side effect, so it is resent only when the
		// server cannot have acted
		return this.http.send(HttpMethod.POST, PATH, BodyInserters.fromMultipartData(builder.build()), null,
				FileObject.class, this.defaults, null, false);
	}

	private static void checkSize(long size, String filename) {
		if (size > MAX_UPLOAD_BYTES) {
			throw tooLarge(String.valueOf(size), filename);
		}
	}

	private static LocalLimitException tooLarge(String size, String filename) {
		return new LocalLimitException("File '" + filename + "' has " + size + " bytes, over the 50 MB ("
				+ MAX_UPLOAD_BYTES + " bytes) upload limit of /v1/files (docs/epithre-api.md, files and known gaps (file size)); split it or, for "
				+ "knowledge, convert it to a smaller format");
	}

	@Override
	public Mono<FileList> list() {
		return this.http.get(PATH, FileList.class, this.defaults);
	}

	@Override
	public Mono<FileObject> get(String fileId) {
		return this.http.get(path(fileId), FileObject.class, this.defaults);
	}

	@Override
	public Flux<DataBuffer> content(String fileId) {
		return this.http.download(path(fileId) + "/content", this.defaults);
	}

	@Override
	public Mono<byte[]> contentBytes(String fileId) {
		return DataBufferUtils.join(content(fileId)).map((buffer) -> {
			try {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				return bytes;
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}).defaultIfEmpty(new byte[0]);
	}

	@Override
	public Mono<FileDeleted> delete(String fileId) {
		return this.http.send(HttpMethod.DELETE, path(fileId), null, null, FileDeleted.class, this.defaults, null,
				true);
	}

	private static String path(String fileId) {
		return IdPaths.of(PATH, "fileId", fileId);
	}

}
