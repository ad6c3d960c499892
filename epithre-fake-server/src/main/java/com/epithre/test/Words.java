package com.epithre.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Word splitting behind the fake server's token counts and its rerank and retrieval scores.
 */
final class Words {

	private static final Pattern SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}]+");

	private Words() {
	}

	/**
	 * Return the lower-case words of a text, in order.
	 */
	static List<String> of(String text) {
		List<String> words = new ArrayList<>();
		for (String word : SEPARATOR.split(text.toLowerCase(Locale.ROOT))) {
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return words;
	}

	/**
	 * Return a token count: one per word, at least one.
	 */
	static int tokens(String text) {
		return Math.max(1, of(text).size());
	}

	static double round(double score) {
		return Math.round(score * 10_000) / 10_000.0;
	}

}
