package com.epithre.client.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.jspecify.annotations.Nullable;

/**
 * One event of a streamed chat answer (docs/epithre-api.md, streaming). Only {@code choices} is always there, and it
 * is empty on the final usage chunk.
 *
 * @param id the answer id
 * @param object {@code chat.completion.chunk}, often only on the first chunk
 * @param created creation time in Unix seconds, usually absent
 * @param model the model, usually absent
 * @param choices the choices this chunk extends, empty on the usage chunk; a choice without {@code index} gets its
 * position in this list, and a {@code null} entry in the JSON is skipped
 * @param usage token usage, on the final chunk when requested
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionChunk(@Nullable String id, @Nullable String object, @Nullable Long created,
		@Nullable String model, @JsonSetter(contentNulls = Nulls.SKIP) List<ChunkChoice> choices,
		@Nullable Usage usage) {

	public ChatCompletionChunk {
		choices = (choices != null) ? resolveIndexes(List.copyOf(choices)) : List.of();
	}

	private static List<ChunkChoice> resolveIndexes(List<ChunkChoice> choices) {
		// a choice sent without "index" is the one at its position in the array (docs/streaming.md)
		for (int i = 0; i < choices.size(); i++) {
			if (choices.get(i).index() < 0) {
				ChunkChoice[] resolved = choices.toArray(new ChunkChoice[0]);
				for (int j = i; j < resolved.length; j++) {
					resolved[j] = resolved[j].withIndexOr(j);
				}
				return List.of(resolved);
			}
		}
		return choices;
	}

	/**
	 * Return the text this chunk adds to the first choice, empty when none.
	 * @return the text piece
	 */
	@JsonIgnore
	public String text() {
		// indexed, not for-each: called once per chunk, and the iterator of an immutable list is not always
		// scalar-replaced
		for (int i = 0; i < this.choices.size(); i++) {
			ChunkChoice choice = this.choices.get(i);
			if (choice.index() == 0 && choice.delta() != null && choice.delta().content() != null) {
				return choice.delta().content();
			}
		}
		return "";
	}

}
