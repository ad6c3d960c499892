package com.epithre.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

import org.jspecify.annotations.Nullable;

/**
 * The deterministic vectors of the fake server's {@code POST /v1/embeddings}, so that tests can check which input a
 * vector belongs to. A vector is seeded by a hash of the instruction and the (truncated) text or the image's base64
 * data, so it changes with the instruction as EPITHRE-API.md 5 says; {@code dimensions} keeps its first N components
 * and re-normalises, as the real API does.
 *
 * @since 0.1.0
 */
public final class FakeEmbeddings {

	/** Vector length when a request does not set {@code dimensions} (EPITHRE-API.md 5). */
	public static final int DEFAULT_DIMENSIONS = 4000;

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
		return vector("text\u0000" + ((instruction != null) ? instruction : "") + "\u0000" + text, dimensions);
	}

	/**
	 * Return the vector the fake server answers for an image.
	 * @param base64 the image's base64 data, without any {@code data:} prefix
	 * @param dimensions the vector length, 1-4000
	 * @return the unit-length vector
	 */
	public static float[] image(String base64, int dimensions) {
		return vector("image\u0000" + base64, dimensions);
	}

	private static float[] vector(String seedText, int dimensions) {
		if (dimensions < 1 || dimensions > DEFAULT_DIMENSIONS) {
			throw new IllegalArgumentException("dimensions must be between 1 and 4000, was " + dimensions);
		}
		Random random = new Random(seed(seedText));
		double[] values = new double[dimensions];
		double norm = 0;
		for (int i = 0; i < dimensions; i++) {
			values[i] = random.nextGaussian();
			norm += values[i] * values[i];
		}
		norm = Math.sqrt(norm);
		float[] vector = new float[dimensions];
		for (int i = 0; i < dimensions; i++) {
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
