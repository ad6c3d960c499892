package com.epithre.boot.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;

import com.epithre.client.error.EpithreWebhookSignatureException;
import com.epithre.client.webhook.WebhookEvent;
import com.epithre.client.webhook.WebhookSignatureVerifier;

/**
 * What the WebFlux and the servlet receivers share once they hold the raw body: the signature check, JSON binding,
 * replay and redelivery handling, and the event published on a scheduler. Decides the answer; the receivers only
 * write it.
 */
final class WebhookReceiver {

	private static final Log logger = LogFactory.getLog(WebhookReceiver.class);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final WebhookSignatureVerifier verifier;

	private final WebhookDeduplicator deduplicator;

	private final ApplicationEventPublisher publisher;

	private final Scheduler scheduler;

	private final Object source;

	WebhookReceiver(WebhookSignatureVerifier verifier, WebhookDeduplicator deduplicator,
			ApplicationEventPublisher publisher, Scheduler scheduler, Object source) {
		this.verifier = verifier;
		this.deduplicator = deduplicator;
		this.publisher = publisher;
		this.scheduler = scheduler;
		this.source = source;
	}

	/**
	 * Handle a delivery whose body was read in full.
	 * The unsigned {@code Epithre-Event} header is not read: the event name comes from the signed body.
	 * @param signature the {@code Epithre-Signature} header, or {@code null}
	 * @param body the raw body
	 * @return the answer to send
	 */
	Answer receive(@Nullable String signature, byte[] body) {
		Instant signedAt;
		try {
			signedAt = this.verifier.verify(signature, body);
		}
		catch (EpithreWebhookSignatureException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Rejected Epithre webhook delivery: " + ex.getReason());
			}
			return new Answer(HttpStatus.UNAUTHORIZED, ex.getMessage());
		}
		WebhookEvent event;
		try {
			event = MAPPER.readValue(body, WebhookEvent.class);
		}
		catch (JacksonException ex) {
			return new Answer(HttpStatus.BAD_REQUEST, "Webhook body is not a JSON webhook event");
		}
		if (event == null || event.event() == null || event.event().isEmpty()) {
			return new Answer(HttpStatus.BAD_REQUEST, "Webhook body has no event");
		}
		String name = event.event();
		String id = event.dataId();
		if (!this.deduplicator.firstSeen("signed", signedContent(signedAt, body))) {
			// the very same signed message again: a replay, refused without side effect
			return new Answer(HttpStatus.CONFLICT, "Replayed webhook delivery");
		}
		if (id != null && !this.deduplicator.firstSeen(name, id)) {
			// a redelivery, signed anew, of an event already handled: acknowledge so Epithre stops retrying
			if (logger.isDebugEnabled()) {
				logger.debug("Ignored redelivered Epithre webhook " + name + " for " + id);
			}
			return new Answer(HttpStatus.OK, null);
		}
		EpithreWebhookEvent published = EpithreWebhookEvent.of(this.source, event, signedAt);
		this.scheduler.schedule(() -> publish(published));
		return new Answer(HttpStatus.NO_CONTENT, null);
	}

	/**
	 * What the signature covers, however the header spells it: the signed timestamp and a digest of the body.
	 */
	private static String signedContent(Instant signedAt, byte[] body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
			return signedAt.getEpochSecond() + "." + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private void publish(EpithreWebhookEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Listener failed for Epithre webhook " + event.getEventName() + " for " + event.getDataId(),
					ex);
		}
	}

	/**
	 * The answer to a delivery.
	 *
	 * @param status the status
	 * @param message the plain-text body, or {@code null} for none
	 */
	record Answer(HttpStatus status, @Nullable String message) {

	}

}
