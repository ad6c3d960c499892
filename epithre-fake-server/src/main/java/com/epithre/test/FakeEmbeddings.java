package com.epithre.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The deterministic vectors of the fake server's {@code POST /v1/embeddings}, so that tests can check which input a
 * vector belongs to, and so that similarity means something: a text's vector is the normalised sum of one fixed
 * pseudo-random vector per word (lower-cased, common English stop words left out), so the cosine of two texts grows
 * with the words they share, and texts without a common word are nearly orthogonal. An instruction adds a component
 * of its own, so the vector changes with the instruction as the real API's does while the similarity to texts
 * without one stays close to their word overlap; {@code dimensions} keeps the first N components and re-normalises,
 * as the real API does. An image's vector is seeded by its base64 data.
 *
 * @since 0.1.0
 */
public final class FakeEmbeddings {

	/** Vector length when a request does not set {@code dimensions} (see docs/epithre-api.md, embeddings). */
	public static final int DEFAULT_DIMENSIONS = 4000;

	/** Weight of an instruction's component relative to the text's words. */
	private static final double INSTRUCTION_WEIGHT = 0.3;

	private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "for",
			"from", "has", "have", "in", "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "what",
			"which", "with");

	private FakeEmbeddings() {
	}

	/**
	 * Return the vector the fake server answers for a text.
	 * @param text the text as the server embeds it, that is after truncation to 10,000 characters
	 * @param instruction the request's instruction, or {@code null}
	 * @param dimensions the vector length, 1-4000
	 * @return the unit-length vector
	 */
	public static float[] text(String text, @Nullable String instruction, int dimensions) {
		checkDimensions(dimensions);
		List<String> words = words(text);
		double[] sum = new double[dimensions];
		if (words.isEmpty()) {
			// no word to share: a vector of the whole text, unlike any other
			add(sum, gaussian("text\u0000" + text, dimensions), 1);
		}
		for (String word : words) {
			add(sum, gaussian("word\u0000" + word, dimensions), 1);
		}
		if (instruction != null && !instruction.isEmpty()) {
			add(sum, gaussian("instruction\u0000" + instruction, dimensions), INSTRUCTION_WEIGHT * Math.sqrt(words.size()));
		}
		return normalised(sum);
	}

	/**
	 * Return the vector the fake server answers for an image.
	 * @param base64 the image's base64 data, without any {@code data:} prefix
	 * @param dimensions the vector length, 1-4000
	 * @return the unit-length vector
	 */
	public static float[] image(String base64, int dimensions) {
		checkDimensions(dimensions);
		return normalised(gaussian("image\u0000" + base64, dimensions));
	}

	/**
	 * Return the cosine similarity of two vectors of equal length.
	 * @param a one vector
	 * @param b the other
	 * @return the cosine, from -1 to 1
	 */
	public static double cosine(float[] a, float[] b) {
		if (a.length != b.length) {
			throw new IllegalArgumentException("Vectors differ in length: " + a.length + " and " + b.length);
		}
		double dot = 0;
		double normA = 0;
		double normB = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
			normA += a[i] * a[i];
			normB += b[i] * b[i];
		}
		return (normA == 0 || normB == 0) ? 0 : dot / Math.sqrt(normA * normB);
	}

	static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (!word.isEmpty() && !STOP_WORDS.contains(word)) {
				words.add(word);
			}
		}
		return words;
	}

	private static void checkDimensions(int dimensions) {
		if (dimensions < 1 || dimensions > DEFAULT_DIMENSIONS) {
			throw new IllegalArgumentException("dimensions must be between 1 and 4000, was " + dimensions);
		}
	}

	private static void add(double[] sum, double[] vector, double weight) {
		for (int i = 0; i < sum.length; i++) {
			sum[i] += weight * vector[i];
		}
	}

	/**
	 * The first {@code dimensions} components of the seed's vector, the same whatever the length asked for.
	 */
	private static double[] gaussian(String seedText, int dimensions) {
		Random random = new Random(seed(seedText));
		double[] values = new double[dimensions];
		double scale = 1 / Math.sqrt(DEFAULT_DIMENSIONS);
		for (int i = 0; i < dimensions; i++) {
			values[i] = random.nextGaussian() * scale;
		}
		return values;
	}

	private static float[] normalised(double[] values) {
		double norm = 0;
		for (double value : values) {
			norm += value * value;
		}
		norm = Math.sqrt(norm);
		float[] vector = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			vector[i] = (float) (values[i] / norm);
		}
		return vector;
	}

	private static long seed(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			long seed = 0;
			for (int i = 0; i < 8; i++) {
				seed = (seed << 8) | (digest[i] & 0xff);
			}
			return seed;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
