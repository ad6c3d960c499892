package com.epithre.test;

import java.security.SecureRandom;

/**
 * Opaque identifiers in Epithre's formats (EPITHRE-API.md 14).
 */
final class Ids {

	private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		.toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private Ids() {
	}

	static String requestId() {
		return "req_" + random(24);
	}

	static String chatCompletion() {
		return "chatcmpl-" + random(24);
	}

	static String toolCall() {
		return "call_" + random(24);
	}

	static String random(int length) {
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
		}
		return new String(chars);
	}

}
