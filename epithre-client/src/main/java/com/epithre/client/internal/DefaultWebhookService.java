package com.epithre.client.internal;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;

import com.epithre.client.config.RequestOptions;
import com.epithre.client.webhook.Webhook;
import com.epithre.client.webhook.WebhookDeleted;
import com.epithre.client.webhook.WebhookList;
import com.epithre.client.webhook.WebhookRegistration;
import com.epithre.client.webhook.WebhookService;

/**
 * {@link WebhookService} over {@link EpithreHttp}.
 *
 * @since 0.1.0
 */
final class DefaultWebhookService implements WebhookService {

	static final String PATH = "/webhooks";

	private final EpithreHttp http;

	private final RequestOptions defaults;

	DefaultWebhookService(EpithreHttp http) {
		this(http, RequestOptions.none());
	}

	DefaultWebhookService(EpithreHttp http, RequestOptions defaults) {
		this.http = http;
		this.defaults = defaults;
	}

	@Override
	public Mono<Webhook> register(WebhookRegistration registration) {
		Assert.notNull(registration, "registration must not be null");
		// registering twice would deliver every event twice, under two secrets
		return this.http.post(PATH, registration, Webhook.class, this.defaults, null, false);
	}

	@Override
	public Mono<WebhookList> list() {
		return this.http.get(PATH, WebhookList.class, this.defaults);
	}

	@Override
	public Mono<WebhookDeleted> delete(String webhookId) {
		return this.http.send(HttpMethod.DELETE, IdPaths.of(PATH, "webhookId", webhookId), null, null,
				WebhookDeleted.class, this.defaults, null, true);
	}

}
