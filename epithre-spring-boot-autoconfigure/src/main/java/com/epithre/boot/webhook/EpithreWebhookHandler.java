package com.epithre.boot.webhook;

import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.epithre.client.error.EpithreWebhookSignatureException;
import com.epithre.client.webhook.WebhookEvent;
import com.epithre.client.webhook.WebhookSignatureVerifier;

/**
 * Receives webhook deliveries (docs/epithre-api.md, webhooks): reads the raw body, verifies its signature before any
 * JSON
 * binding, and answers at once: {@code 401} for a missing, malformed, stale or forged signature, {@code 400} for a
 * body that is not a webhook event, {@code 413} for an oversized body, {@code 200} for a replay of an event +
 * {@code data.id} already seen, and {@code 204} for a new delivery, whose {@link EpithreWebhookEvent} is then published on a
 * scheduler so that slow listeners cannot delay the answer past Epithre's 10 s. Rejections have no side effect. Logs
 * at most the event name and id.
 *
 * @since 0.1.0
 */
public final class EpithreWebhookHandler implements HandlerFunction<ServerResponse> {

	private static final Log logger = LogFactory.getLog(EpithreWebhookHandler.class);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final WebhookSignatureVerifier verifier;

	private final WebhookDeduplicator deduplicator;

	private final ApplicationEventPublisher publisher;

	private final Scheduler scheduler;

	private final int maxBodyBytes;

	/**
	 * Create a handler.
	 * @param verifier the signature verifier
	 * @param deduplicator remembers the deliveries already published
	 * @param publisher where events are published
	 * @param scheduler where events are published from
	 * @param maxBodyBytes the largest accepted body
	 */
	public EpithreWebhookHandler(WebhookSignatureVerifier verifier, WebhookDeduplicator deduplicator,
			ApplicationEventPublisher publisher, Scheduler scheduler, int maxBodyBytes) {
		this.verifier = verifier;
		this.deduplicator = deduplicator;
		this.publisher = publisher;
		this.scheduler = scheduler;
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		String signature = request.headers().firstHeader(WebhookSignatureVerifier.SIGNATURE_HEADER);
		String eventHeader = request.headers().firstHeader(WebhookSignatureVerifier.EVENT_HEADER);
		return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), this.maxBodyBytes)
			.map(EpithreWebhookHandler::bytes)
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> receive(signature, eventHeader, body))
			.onErrorResume(DataBufferLimitException.class,
					(ex) -> ServerResponse.status(HttpStatus.CONTENT_TOO_LARGE).build());
	}

	private Mono<ServerResponse> receive(@Nullable String signature, @Nullable String eventHeader, byte[] body) {
		Instant signedAt;
		try {
			signedAt = this.verifier.verify(signature, body);
		}
		catch (EpithreWebhookSignatureException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Rejected Epithre webhook delivery: " + ex.getReason());
			}
			return ServerResponse.status(HttpStatus.UNAUTHORIZED).bodyValue(ex.getMessage());
		}
		WebhookEvent event;
		try {
			event = MAPPER.readValue(body, WebhookEvent.class);
		}
		catch (JacksonException ex) {
			return ServerResponse.badRequest().bodyValue("Webhook body is not a JSON webhook event");
		}
		if (event == null || event.event() == null || event.event().isEmpty()) {
			return ServerResponse.badRequest().bodyValue("Webhook body has no event");
		}
		String name = (eventHeader != null && !eventHeader.isEmpty()) ? eventHeader : event.event();
		String id = event.dataId();
		if (!this.deduplicator.firstSeen("signature", String.valueOf(signature))) {
			// the very same signed message again: a replay, refused without side effect
			return ServerResponse.status(HttpStatus.CONFLICT).bodyValue("Replayed webhook delivery");
		}
		if (id != null && !this.deduplicator.firstSeen(name, id)) {
			// a redelivery, signed anew, of an event already handled: acknowledge so Epithre stops retrying
			if (logger.isDebugEnabled()) {
				logger.debug("Ignored redelivered Epithre webhook " + name + " for " + id);
			}
			return ServerResponse.ok().build();
		}
		EpithreWebhookEvent published = EpithreWebhookEvent.of(this, event, signedAt);
		this.scheduler.schedule(() -> publish(published));
		return ServerResponse.noContent().build();
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

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
