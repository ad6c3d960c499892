package com.epithre.client.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import com.epithre.client.error.EpithreWebhookSignatureException;
import com.epithre.client.error.EpithreWebhookSignatureException.Reason;

/**
 * Verifies the {@code Epithre-Signature} header of a webhook delivery on the raw request bytes, before any JSON
 * binding (docs/epithre-api.md, webhooks): the header is split on {@code ,} and each part on its first {@code =};
 * {@code t} must
 * be within the tolerance of now in either direction, and some {@code v1} must equal the hex HMAC-SHA256 of
 * {@code "{t}.{raw body}"} keyed with some secret, compared in constant time. Several secrets allow rotation. Each
 * secret is used exactly as given, {@code whsec_} prefix included (assumed: the documentation does not say). Plain
 * Java; thread-safe.
 *
 * @since 0.1.0
 */
public final class WebhookSignatureVerifier {

	/** The signature header. */
	public static final String SIGNATURE_HEADER = "Epithre-Signature";

	/** The event header. */
	public static final String EVENT_HEADER = "Epithre-Event";

	/** The tolerance of docs/epithre-api.md, webhooks. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

	private static final String ALGORITHM = "HmacSHA256";

	private final List<byte[]> secrets;

	private final Duration tolerance;

	private final Clock clock;

	/**
	 * Create a verifier with the default tolerance and the system clock.
	 * @param secrets one or more secrets, each as returned at registration
	 */
	public WebhookSignatureVerifier(String... secrets) {
		this(List.of(secrets), DEFAULT_TOLERANCE, Clock.systemUTC());
	}

	/**
	 * Create a verifier.
	 * @param secrets one or more secrets, each as returned at registration
	 * @param tolerance how far {@code t} may be from now, in either direction
	 * @param clock the clock giving now
	 */
	public WebhookSignatureVerifier(List<String> secrets, Duration tolerance, Clock clock) {
		if (secrets == null || secrets.isEmpty()) {
			throw new IllegalArgumentException("at least one webhook secret is required");
		}
		List<byte[]> keys = new ArrayList<>(secrets.size());
		for (String secret : secrets) {
			if (secret == null || secret.isEmpty()) {
				throw new IllegalArgumentException("webhook secrets must not be empty");
			}
			keys.add(secret.getBytes(StandardCharsets.UTF_8));
		}
		if (tolerance == null || tolerance.isNegative()) {
			throw new IllegalArgumentException("tolerance must not be negative");
		}
		if (clock == null) {
			throw new IllegalArgumentException("clock must not be null");
		}
		this.secrets = List.copyOf(keys);
		this.tolerance = tolerance;
		this.clock = clock;
	}

	/**
	 * Verify a delivery.
	 * @param signatureHeader the {@code Epithre-Signature} header, or {@code null} when absent
	 * @param rawBody the request body exactly as received
	 * @return the verified timestamp {@code t}
	 * @throws EpithreWebhookSignatureException when the header is missing, malformed, stale or forged
	 */
	public Instant verify(@Nullable String signatureHeader, byte[] rawBody) {
		if (signatureHeader == null || signatureHeader.isBlank()) {
			throw new EpithreWebhookSignatureException(Reason.MISSING,
					"Webhook delivery has no " + SIGNATURE_HEADER + " header");
		}
		String timestamp = null;
		List<String> signatures = new ArrayList<>();
		for (String part : signatureHeader.split(",")) {
			int equals = part.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String name = part.substring(0, equals).trim();
			String value = part.substring(equals + 1).trim();
			if ("t".equals(name)) {
				timestamp = value;
			}
			else if ("v1".equals(name) && !value.isEmpty()) {
				signatures.add(value);
			}
		}
		long seconds = parseTimestamp(timestamp);
		if (signatures.isEmpty()) {
			throw new EpithreWebhookSignatureException(Reason.MALFORMED,
					SIGNATURE_HEADER + " header has no v1 signature");
		}
		if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
			// no instant at all (t=99999999999999999), so certainly not within the tolerance of now
			throw new EpithreWebhookSignatureException(Reason.STALE, SIGNATURE_HEADER + " timestamp " + seconds
					+ " is not a time within the tolerance of " + this.tolerance.toSeconds() + " s from now");
		}
		Instant signedAt = Instant.ofEpochSecond(seconds);
		Duration skew = Duration.between(signedAt, this.clock.instant()).abs();
		if (skew.compareTo(this.tolerance) > 0) {
			throw new EpithreWebhookSignatureException(Reason.STALE, SIGNATURE_HEADER + " timestamp " + seconds
					+ " is " + skew.toSeconds() + " s from now, more than the tolerance of "
					+ this.tolerance.toSeconds() + " s");
		}
		byte[] body = (rawBody != null) ? rawBody : new byte[0];
		for (byte[] secret : this.secrets) {
			byte[] expected = sign(secret, seconds, body);
			for (String signature : signatures) {
				if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
					return signedAt;
				}
			}
		}
		throw new EpithreWebhookSignatureException(Reason.FORGED,
				"No " + SIGNATURE_HEADER + " v1 signature matches a configured webhook secret");
	}

	/**
	 * Compute the {@code Epithre-Signature} header Epithre would send for a body, for tests and fakes.
	 * @param secret the secret, used exactly as given
	 * @param timestamp the Unix time in seconds
	 * @param rawBody the body
	 * @return the header value {@code t=...,v1=...}
	 */
	public static String signatureHeader(String secret, long timestamp, byte[] rawBody) {
		byte[] signature = sign(secret.getBytes(StandardCharsets.UTF_8), timestamp, rawBody);
		return "t=" + timestamp + ",v1=" + new String(signature, StandardCharsets.US_ASCII);
	}

	private static long parseTimestamp(@Nullable String timestamp) {
		if (timestamp == null || timestamp.isEmpty()) {
			throw new EpithreWebhookSignatureException(Reason.MALFORMED, SIGNATURE_HEADER + " header has no t");
		}
		try {
			return Long.parseLong(timestamp);
		}
		catch (NumberFormatException ex) {
			throw new EpithreWebhookSignatureException(Reason.MALFORMED,
					SIGNATURE_HEADER + " t is not a Unix time in seconds");
		}
	}

	private static byte[] sign(byte[] secret, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret, ALGORITHM));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "WebhookSignatureVerifier[secrets=" + this.secrets.size() + ", tolerance=" + this.tolerance + "]";
	}

}
