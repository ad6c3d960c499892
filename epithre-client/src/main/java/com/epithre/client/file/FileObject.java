package com.epithre.client.file;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A stored file (docs/epithre-api.md, files). Only {@code id}, {@code purpose} and {@code status} are documented; the
 * other
 * fields are assumed OpenAI-compatible and may be absent.
 *
 * @param id the id, {@code file-...}
 * @param bytes the size in bytes
 * @param filename the name given at upload
 * @param createdAt creation time in Unix seconds
 * @param purpose one of the {@link FilePurpose} values
 * @param status processing state, such as {@link #UPLOADED} or {@link #PROCESSED}; open-ended
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileObject(String id, @Nullable Long bytes, @Nullable String filename,
		@JsonProperty("created_at") @Nullable Long createdAt, @Nullable String purpose, @Nullable String status) {

	/** Stored, not yet searchable (knowledge files, docs/epithre-api.md, files). */
	public static final String UPLOADED = "uploaded";

	/** Processed; a knowledge file is searchable from now on (docs/epithre-api.md, files). */
	public static final String PROCESSED = "processed";

	/**
	 * Return the creation time.
	 * @return the time, or {@code null} when the server did not send it
	 */
	public @Nullable Instant createdAtInstant() {
		return (this.createdAt != null) ? Instant.ofEpochSecond(this.createdAt) : null;
	}

	/**
	 * Return whether the file is processed.
	 * @return {@code true} once {@code status} is {@link #PROCESSED}
	 */
	public boolean isProcessed() {
		return PROCESSED.equals(this.status);
	}

}
