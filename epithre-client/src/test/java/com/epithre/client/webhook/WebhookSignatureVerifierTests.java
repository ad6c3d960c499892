package com.epithre.client.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.epithre.client.error.EpithreWebhookSignatureException;
import com.epithre.client.error.EpithreWebhookSignatureException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WebhookSignatureVerifierTests {

	private static final String SECRET = "whsec_test_0123456789abcdef";

	private static final String OTHER_SECRET = "whsec_test_fedcba9876543210";

	private static final long NOW = 1778765156L;

	private static final byte[] BODY = ("{\"event\": \"batch.completed\", \"created\": 1778765156, "
			+ "\"data\": {\"id\": \"batch-abc\", \"status\": \"completed\"}}").getBytes(StandardCharsets.UTF_8);

	private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

	private final WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of(SECRET),
			WebhookSignatureVerifier.DEFAULT_TOLERANCE, this.clock);

	@Test
	void acceptsValidSignatureAndReturnsTimestamp() {
		String header = WebhookSignatureVerifier.signatureHeader(SECRET, NOW, BODY);
		assertThat(this.verifier.verify(header, BODY)).isEqualTo(Instant.ofEpochSecond(NOW));
	}

	@Test
	void matchesTheDocumentedAlgorithmIndependently() throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		mac.update((NOW + ".").getBytes(StandardCharsets.UTF_8));
		String v1 = HexFormat.of().formatHex(mac.doFinal(BODY));
		assertThat(this.verifier.verify(" t=" + NOW + " , v1=" + v1, BODY)).isEqualTo(Instant.ofEpochSecond(NOW));
	}

	@Test
	void rejectsMissingHeader() {
		assertReason(null, Reason.MISSING);
		assertReason("  ", Reason.MISSING);
	}

	@Test
	void rejectsMalformedHeader() {
		assertReason("v1=abcdef", Reason.MALFORMED);
		assertReason("t=soon,v1=abcdef", Reason.MALFORMED);
		assertReason("t=" + NOW, Reason.MALFORMED);
		assertReason("garbage", Reason.MALFORMED);
	}

	@Test
	void rejectsForgedSignatureWithoutPrintingSecret() {
		String header = WebhookSignatureVerifier.signatureHeader("whsec_attacker", NOW, BODY);
		EpithreWebhookSignatureException ex = assertReason(header, Reason.FORGED);
		assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain("whsec_attacker");
	}

	@Test
	void rejectsTamperedBody() {
		String header = WebhookSignatureVerifier.signatureHeader(SECRET, NOW, BODY);
		byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("completed", "failed")
			.getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(EpithreWebhookSignatureException.class)
			.isThrownBy(() -> this.verifier.verify(header, tampered))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.FORGED));
	}

	@Test
	void rejectsStaleTimestampInThePast() {
		long old = NOW - 301;
		assertReason(WebhookSignatureVerifier.signatureHeader(SECRET, old, BODY), Reason.STALE);
		long edge = NOW - 300;
		assertThat(this.verifier.verify(WebhookSignatureVerifier.signatureHeader(SECRET, edge, BODY), BODY))
			.isEqualTo(Instant.ofEpochSecond(edge));
	}

	@Test
	void rejectsTimestampTooFarInTheFuture() {
		long future = NOW + 301;
		assertReason(WebhookSignatureVerifier.signatureHeader(SECRET, future, BODY), Reason.STALE);
	}

	@Test
	void rejectsTimestampsBeyondTheRangeOfAnInstantAsStale() {
		for (long beyond : new long[] { 99999999999999999L, Long.MAX_VALUE, Long.MIN_VALUE, -99999999999999999L }) {
			EpithreWebhookSignatureException ex = assertReason(
					WebhookSignatureVerifier.signatureHeader(SECRET, beyond, BODY), Reason.STALE);
			assertThat(ex.getMessage()).contains(Long.toString(beyond));
		}
	}

	@Test
	void rejectsTimestampsBeyondTheRangeOfAnInstantEvenWithTheLongestTolerance() {
		WebhookSignatureVerifier lenient = new WebhookSignatureVerifier(List.of(SECRET),
				Duration.ofSeconds(Long.MAX_VALUE), this.clock);
		String header = WebhookSignatureVerifier.signatureHeader(SECRET, 99999999999999999L, BODY);
		assertThatExceptionOfType(EpithreWebhookSignatureException.class).isThrownBy(() -> lenient.verify(header, BODY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.STALE));
	}

	@Test
	void honoursCustomTolerance() {
		WebhookSignatureVerifier strict = new WebhookSignatureVerifier(List.of(SECRET), Duration.ofSeconds(10),
				this.clock);
		String header = WebhookSignatureVerifier.signatureHeader(SECRET, NOW - 11, BODY);
		assertThatExceptionOfType(EpithreWebhookSignatureException.class).isThrownBy(() -> strict.verify(header, BODY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.STALE));
	}

	@Test
	void acceptsAnySecretDuringRotation() {
		WebhookSignatureVerifier rotating = new WebhookSignatureVerifier(List.of(SECRET, OTHER_SECRET),
				WebhookSignatureVerifier.DEFAULT_TOLERANCE, this.clock);
		assertThat(rotating.verify(WebhookSignatureVerifier.signatureHeader(SECRET, NOW, BODY), BODY)).isNotNull();
		assertThat(rotating.verify(WebhookSignatureVerifier.signatureHeader(OTHER_SECRET, NOW, BODY), BODY))
			.isNotNull();
	}

	@Test
	void acceptsAnyV1InTheHeader() {
		String good = WebhookSignatureVerifier.signatureHeader(SECRET, NOW, BODY);
		String v1 = good.substring(good.indexOf("v1=") + 3);
		assertThat(this.verifier.verify("t=" + NOW + ",v1=" + "0".repeat(64) + ",v1=" + v1, BODY)).isNotNull();
	}

	@Test
	void usesTheSecretExactlyAsGivenWithPrefix() {
		String withoutPrefix = WebhookSignatureVerifier.signatureHeader(SECRET.substring("whsec_".length()), NOW,
				BODY);
		assertReason(withoutPrefix, Reason.FORGED);
	}

	@Test
	void requiresASecret() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSignatureVerifier());
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSignatureVerifier(""));
	}

	@Test
	void toStringHidesSecrets() {
		assertThat(this.verifier.toString()).doesNotContain(SECRET);
	}

	private EpithreWebhookSignatureException assertReason(String header, Reason reason) {
		EpithreWebhookSignatureException ex = catchThrowableOfType(EpithreWebhookSignatureException.class,
				() -> this.verifier.verify(header, BODY));
		assertThat(ex).isNotNull();
		assertThat(ex.getReason()).isEqualTo(reason);
		return ex;
	}

}
