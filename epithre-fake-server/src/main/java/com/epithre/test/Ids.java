package com.epithre.test;

import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opaque identifiers in Epithre's formats (docs/epithre-api.md, ids, money and time). Identifiers come from {@link
 * ThreadLocalRandom}: a
 * request id per request from {@link SecureRandom}, whose generator takes a global lock and mixes every call through
 * SHA-1, was 13% of the server's work per request with a thousand requests arriving at once. Signing secrets, which
 * a test may treat as secret, still come from {@link SecureRandom}.
 */
final class Ids {

	private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		.toCharArray();

	private static final SecureRandom SECURE = new SecureRandom();

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
		return random(ThreadLocalRandom.current(), length);
	}

	static String secret(int length) {
		return random(SECURE, length);
	}

	private static String random(Random random, int length) {
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return new String(chars);
	}

}
