package com.epithre.client.file;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code GET /v1/files} (docs/epithre-api.md, files, assumed OpenAI-compatible).
 *
 * @param object {@code list}
 * @param data the files
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileList(@Nullable String object, List<FileObject> data) {

	public FileList {
		data = (data != null) ? List.copyOf(data) : List.of();
	}

}
