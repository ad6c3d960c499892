package com.epithre.boot.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

import com.epithre.client.webhook.WebhookEvent;

/**
 * Base of the application events published for verified, first-seen webhook deliveries. Listen for a subclass, such
 * as {@link BatchCompletedEvent}, or for this type to see every delivery.
 *
 * @since 0.1.0
 */
public abstract class EpithreWebhookEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient WebhookEvent webhookEvent;

	private final Instant signedAt;

	protected EpithreWebhookEvent(Object source, WebhookEvent webhookEvent, Instant signedAt) {
		super(source);
		this.webhookEvent = webhookEvent;
		this.signedAt = signedAt;
	}

	/**
	 * Create the event for a delivery: typed for the known events, {@link UnknownWebhookEvent} otherwise.
	 * @param source the publishing component
	 * @param webhookEvent the delivered body
	 * @param signedAt the verified signature timestamp
	 * @return the event
	 */
	public static EpithreWebhookEvent of(Object source, WebhookEvent webhookEvent, Instant signedAt) {
		return switch (webhookEvent.event()) {
			case WebhookEvent.BATCH_COMPLETED -> new BatchCompletedEvent(source, webhookEvent, signedAt);
			case WebhookEvent.BATCH_FAILED -> new BatchFailedEvent(source, webhookEvent, signedAt);
			default -> new UnknownWebhookEvent(source, webhookEvent, signedAt);
		};
	}

	/**
	 * Return the delivered body.
	 * @return the body
	 */
	public WebhookEvent getWebhookEvent() {
		return this.webhookEvent;
	}

	/**
	 * Return the event name, such as {@code batch.completed}.
	 * @return the name
	 */
	public String getEventName() {
		return this.webhookEvent.event();
	}

	/**
	 * Return the id of the object the event is about, such as the batch id.
	 * @return the id, or {@code null}
	 */
	public @Nullable String getDataId() {
		return this.webhookEvent.dataId();
	}

	/**
	 * Return the verified signature timestamp.
	 * @return the timestamp
	 */
	public Instant getSignedAt() {
		return this.signedAt;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[event=" + getEventName() + ", id=" + getDataId() + "]";
	}

}
