package com.epithre.client.file;

import java.nio.file.Path;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;

/**
 * Files, {@code /v1/files} (docs/epithre-api.md, files). Nothing is sent until subscription.
 *
 * <p>
 * Uploads are streamed as {@code multipart/form-data} with the fields {@code file} and {@code purpose}; the file is
 * never held in memory. The effective limit is {@value #MAX_UPLOAD_BYTES} bytes per upload (50 MB request body,
 * docs/epithre-api.md, files and known gaps (file size)): a larger {@code Path} or {@code Resource} of known length
 * fails before anything is
 * sent, and a {@code Flux} fails as soon as it has streamed more, both with an {@link IllegalArgumentException}
 * naming the limit. Uploads are not idempotent and are not resent once the request may have reached the server.
 *
 * @since 0.1.0
 */
public interface FileService {

	/** Largest upload: the 50 MB request body limit of {@code /v1/files}, in binary megabytes. */
	long MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

	/**
	 * Upload a file from the file system.
	 * @param file the file
	 * @param purpose one of the {@link FilePurpose} values
	 * @return the stored file
	 */
	Mono<FileObject> upload(Path file, String purpose);

	/**
	 * Upload a resource; its filename is the resource's, or {@code upload} when it has none.
	 * @param resource the content
	 * @param purpose one of the {@link FilePurpose} values
	 * @return the stored file
	 */
	Mono<FileObject> upload(Resource resource, String purpose);

	/**
	 * Upload streamed content; the buffers are released once written.
	 * @param content the content
	 * @param filename the file name sent with it
	 * @param purpose one of the {@link FilePurpose} values
	 * @return the stored file
	 */
	Mono<FileObject> upload(Flux<DataBuffer> content, String filename, String purpose);

	/**
	 * List the stored files.
	 * @return the files
	 */
	Mono<FileList> list();

	/**
	 * Fetch one file's metadata.
	 * @param fileId the id
	 * @return the file, or an {@code EpithreNotFoundException}
	 */
	Mono<FileObject> get(String fileId);

	/**
	 * Stream a file's content; the subscriber releases each buffer.
	 * @param fileId the id
	 * @return the content
	 */
	Flux<DataBuffer> content(String fileId);

	/**
	 * Download a file's content into memory; meant for batch output and other small files.
	 * @param fileId the id
	 * @return the bytes
	 */
	Mono<byte[]> contentBytes(String fileId);

	/**
	 * Delete a file, freeing its storage.
	 * @param fileId the id
	 * @return the answer, or an {@code EpithreNotFoundException}
	 */
	Mono<FileDeleted> delete(String fileId);

}
