package com.epithre.client.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.epithre.client.error.EpithreWebhookSignatureException;
import com.epithre.client.error.EpithreWebhookSignatureException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What an attacker can do with one captured delivery (docs/epithre-api.md, webhooks): move its timestamp, splice
 * headers, cut or
 * pad the signature, flip any byte, or send it again later. Everything but the untouched delivery inside the 300 s
 * window is refused; exact replays inside the window are the receiver's job (409, see
 * {@code EpithreWebhookReceiverIntegrationTests}).
 */
class WebhookForgeryTests {

	private static final String SECRET = "whsec_test_0123456789abcdef";

	private static final long NOW = 1778765156L;

	private static final byte[] BODY = ("{\"event\":\"batch.completed\",\"created\":1778765156,\"data\":{\"id\":"
			+ "\"batch-abc\",\"status\":\"completed\"}}").getBytes(StandardCharsets.UTF_8);

	private final WebhookSignatureVerifier verifier = verifierAt(NOW);

	@Test
	void signatureMovedToAnotherTimestampIsForged() {
		String captured = WebhookSignatureVerifier.signatureHeader(SECRET, NOW - 200, BODY);
		String v1 = captured.substring(captured.indexOf("v1="));
		assertReason("t=" + NOW + "," + v1, BODY, Reason.FORGED);
	}

	@Test
	void spliceOfAFreshTimestampAfterAnOldSignedOneIsForged() {
		String old = WebhookSignatureVerifier.signatureHeader(SECRET, NOW - 1000, BODY);
		assertReason(old + ",t=" + NOW, BODY, Reason.FORGED);
		assertReason("t=" + NOW + "," + old, BODY, Reason.STALE);
	}

	@Test
	void cutPaddedOrEmptySignaturesAreRefused() {
		String valid = WebhookSignatureVerifier.signatureHeader(SECRET, NOW, BODY);
		String v1 = valid.substring(valid.indexOf("v1=") + 3);
		assertReason("t=" + NOW + ",v1=" + v1.substring(0, 32), BODY, Reason.FORGED);
		assertReason("t=" + NOW + ",v1=" + v1 + "00", BODY, Reason.FORGED);
		assertReason("t=" + NOW + ",v1=" + v1.toUpperCase().replace('A', 'B'), BODY, Reason.FORGED);
		assertReason("t=" + NOW + ",v1=", BODY, Reason.MALFORMED);
		assertReason("t=" + NOW + ",v0=" + v1, BODY, Reason.MALFORMED);
	}

	@Test
	void signatureOverAnEmptyBodyDoesNotCoverARealOne() {
		String empty = WebhookSignatureVerifier.signatureHeader(SECRET, NOW, new byte[0]);
		assertReason(empty, BODY, Reason.FORGED);
	}

	@Test
	void capturedDeliveryReplayedAfterTheWindowIsStale() {
		String captured = WebhookSignatureVerifier.signatureHeader(SECRET, NOW, BODY);
		assertThat(this.verifier.verify(captured, BODY)).isEqualTo(Instant.ofEpochSecond(NOW));
		assertThatExceptionOfType(EpithreWebhookSignatureException.class)
			.isThrownBy(() -> verifierAt(NOW + 301).verify(captured, BODY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.STALE));
	}

	static LongStream seeds() {
		return LongStream.rangeClosed(1, 100).map((i) -> i * 6_700_417L);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void anyByteFlippedInSignatureOrBodyIsRefused(long seed) {
		Random random = new Random(seed);
		String header = WebhookSignatureVerifier.signatureHeader(SECRET, NOW, BODY);
		byte[] body = BODY.clone();
		char[] signature = header.toCharArray();
		if (random.nextBoolean()) {
			int at = random.nextInt(body.length);
			body[at] = (byte) (body[at] ^ (1 + random.nextInt(255)));
		}
		else {
			int start = header.indexOf("v1=") + 3;
			int at = start + random.nextInt(signature.length - start);
			char original = signature[at];
			do {
				signature[at] = "0123456789abcdef".charAt(random.nextInt(16));
			}
			while (signature[at] == original);
		}
		String tampered = new String(signature);
		assertThatExceptionOfType(EpithreWebhookSignatureException.class).as("seed %d", seed)
			.isThrownBy(() -> this.verifier.verify(tampered, body))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.FORGED);
				assertThat(ex.getMessage()).doesNotContain(SECRET);
			});
	}

	private void assertReason(String header, byte[] body, Reason reason) {
		assertThatExceptionOfType(EpithreWebhookSignatureException.class).as(header)
			.isThrownBy(() -> this.verifier.verify(header, body))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(reason);
				assertThat(ex.getMessage()).doesNotContain(SECRET);
			});
	}

	private static WebhookSignatureVerifier verifierAt(long epochSecond) {
		return new WebhookSignatureVerifier(List.of(SECRET), WebhookSignatureVerifier.DEFAULT_TOLERANCE,
				Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
	}

}
