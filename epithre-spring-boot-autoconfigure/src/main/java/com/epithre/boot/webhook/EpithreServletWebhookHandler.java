package com.epithre.boot.webhook;

import java.io.IOException;
import java.io.InputStream;

import reactor.core.scheduler.Scheduler;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import com.epithre.client.webhook.WebhookSignatureVerifier;

/**
 * Receives webhook deliveries in a Spring MVC (servlet) application, answering exactly as
 * {@link EpithreWebhookHandler} does in a WebFlux one: it reads the raw body bytes from the servlet request, verifies
 * the signature on them before any JSON binding, answers at once ({@code 401} for a bad signature, {@code 413} for a
 * body over the limit, {@code 204} for a new delivery) and publishes the {@link EpithreWebhookEvent} on a scheduler,
 * so that slow listeners do not hold the request thread.
 *
 * @since 0.1.0
 */
public final class EpithreServletWebhookHandler implements HandlerFunction<ServerResponse> {

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
	public EpithreServletWebhookHandler(WebhookSignatureVerifier verifier, WebhookDeduplicator deduplicator,
			ApplicationEventPublisher publisher, Scheduler scheduler, int maxBodyBytes) {
		this.receiver = new WebhookReceiver(verifier, deduplicator, publisher, scheduler, this);
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public ServerResponse handle(ServerRequest request) throws IOException {
		long declaredLength = request.headers().contentLength().orElse(-1);
		if (declaredLength > this.maxBodyBytes) {
			return ServerResponse.status(HttpStatus.CONTENT_TOO_LARGE).build();
		}
		byte[] body;
		try (InputStream in = request.servletRequest().getInputStream()) {
			// one byte more than allowed tells an oversized body sent without a Content-Length
			body = in.readNBytes((this.maxBodyBytes < Integer.MAX_VALUE - 8) ? this.maxBodyBytes + 1
					: this.maxBodyBytes);
		}
		if (body.length > this.maxBodyBytes) {
			return ServerResponse.status(HttpStatus.CONTENT_TOO_LARGE).build();
		}
		WebhookReceiver.Answer answer = this.receiver.receive(
				request.headers().firstHeader(WebhookSignatureVerifier.SIGNATURE_HEADER), body);
		ServerResponse.BodyBuilder response = ServerResponse.status(answer.status());
		return (answer.message() != null) ? response.contentType(MediaType.TEXT_PLAIN).body(answer.message())
				: response.build();
	}

}
