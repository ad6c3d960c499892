package com.epithre.boot.webhook;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.epithre.client.webhook.WebhookSignatureVerifier;

/**
 * Receives webhook deliveries in a WebFlux application: reads the raw body, verifies its signature before any JSON
 * binding, and answers at once: {@code 401} for a missing, malformed, stale or forged signature, {@code 400} for a
 * body that is not a webhook event, {@code 413} for an oversized body, {@code 409} for the very same signed message
 * again, {@code 200} for a redelivery of an event + {@code data.id} already seen, and {@code 204} for a new delivery,
 * whose {@link EpithreWebhookEvent} is then published on a scheduler so that slow listeners cannot delay the answer
 * past Epithre's 10 s. Rejections have no side effect. Logs at most the event name and id.
 * {@link EpithreServletWebhookHandler} does the same in a Spring MVC application.
 *
 * @since 0.1.0
 */
public final class EpithreWebhookHandler implements HandlerFunction<ServerResponse> {

	private final WebhookReceiver receiver;

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
		this.receiver = new WebhookReceiver(verifier, deduplicator, publisher, scheduler, this);
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		String signature = request.headers().firstHeader(WebhookSignatureVerifier.SIGNATURE_HEADER);
		return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), this.maxBodyBytes)
			.map(EpithreWebhookHandler::bytes)
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> answer(this.receiver.receive(signature, body)))
			.onErrorResume(DataBufferLimitException.class,
					(ex) -> ServerResponse.status(HttpStatus.CONTENT_TOO_LARGE).build());
	}

	private static Mono<ServerResponse> answer(WebhookReceiver.Answer answer) {
		ServerResponse.BodyBuilder response = ServerResponse.status(answer.status());
		return (answer.message() != null) ? response.bodyValue(answer.message()) : response.build();
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
