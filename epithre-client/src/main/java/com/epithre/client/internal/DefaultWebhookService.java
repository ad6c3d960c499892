package com.epithre.client.internal;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;

import com.epithre.client.RequestOptions;
import com.epithre.client.webhook.Webhook;
import com.epithre.client.webhook.WebhookDeleted;
import com.epithre.client.webhook.WebhookList;
import com.epithre.client.webhook.WebhookRegistration;
import com.epithre.client.webhook.WebhookService;

/**
 * {@link WebhookService} over {@link EpithreHttp} and {@link EpithreHttpExtras}.
 *
 * @since 0.1.0
 */
public final class DefaultWebhookService implements WebhookService {

	static final String PATH = "/webhooks";

	private final EpithreHttpExtras extras;

	private final RequestOptions defaults;

	public DefaultWebhookService(EpithreHttpExtras extras) {
		this(extras, RequestOptions.none());
	}

	public DefaultWebhookService(EpithreHttpExtras extras, RequestOptions defaults) {
		this.extras = extras;
		this.defaults = defaults;
	}

	@Override
	public Mono<Webhook> register(WebhookRegistration registration) {
		Assert.notNull(registration, "registration must not be null");
		// registering twice would deliver every event twice, under two secrets
		return this.extras.http().post(PATH, registration, Webhook.class, this.defaults, null, false);
	}

	@Override
	public Mono<WebhookList> list() {
		return this.extras.http().get(PATH, WebhookList.class, this.defaults);
	}

	@Override
	public Mono<WebhookDeleted> delete(String webhookId) {
		Assert.hasText(webhookId, "webhookId must not be empty");
		Assert.isTrue(webhookId.chars().noneMatch((c) -> c == '/' || c == '?' || c == '#' || Character.isWhitespace(c)),
				() -> "webhookId must be a single path segment, was '" + webhookId + "'");
		return this.extras.send(HttpMethod.DELETE, PATH + "/" + webhookId, null, WebhookDeleted.class, this.defaults,
				true);
	}

}
