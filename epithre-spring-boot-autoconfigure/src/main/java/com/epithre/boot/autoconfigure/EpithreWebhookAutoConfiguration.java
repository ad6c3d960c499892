package com.epithre.boot.autoconfigure;

import java.time.Clock;

import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.epithre.boot.webhook.BatchWebhookSignals;
import com.epithre.boot.webhook.EpithreWebhookHandler;
import com.epithre.boot.webhook.WebhookDeduplicator;
import com.epithre.client.webhook.WebhookSignatureVerifier;

/**
 * Auto-configuration of the Epithre webhook receiver (docs/epithre-api.md, webhooks): a WebFlux {@link RouterFunction}
 * answering
 * {@code POST epithre.webhook.path}. Opt-in with {@code epithre.webhook.enabled=true}; needs a reactive web
 * application and {@code epithre.webhook.secret} or {@code epithre.webhook.secrets}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ RouterFunction.class, WebhookSignatureVerifier.class })
@ConditionalOnBooleanProperty("epithre.webhook.enabled")
@EnableConfigurationProperties(EpithreWebhookProperties.class)
public final class EpithreWebhookAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebhookSignatureVerifier epithreWebhookSignatureVerifier(EpithreWebhookProperties properties) {
		if (properties.allSecrets().isEmpty()) {
			throw new IllegalStateException("epithre.webhook.enabled is true but no secret is configured: set "
					+ "epithre.webhook.secret or epithre.webhook.secrets to the whsec_... returned at registration");
		}
		return new WebhookSignatureVerifier(properties.allSecrets(), properties.getTolerance(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookDeduplicator epithreWebhookDeduplicator(EpithreWebhookProperties properties) {
		return new WebhookDeduplicator(properties.getDedupe().getWindow(), properties.getDedupe().getMaxEntries(),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	EpithreWebhookHandler epithreWebhookHandler(WebhookSignatureVerifier verifier, WebhookDeduplicator deduplicator,
			ApplicationEventPublisher publisher, EpithreWebhookProperties properties) {
		return new EpithreWebhookHandler(verifier, deduplicator, publisher, Schedulers.boundedElastic(),
				(int) Math.min(Integer.MAX_VALUE, properties.getMaxBodySize().toBytes()));
	}

	@Bean
	@ConditionalOnMissingBean
	BatchWebhookSignals epithreBatchWebhookSignals() {
		return new BatchWebhookSignals();
	}

	@Bean
	RouterFunction<ServerResponse> epithreWebhookRouterFunction(EpithreWebhookHandler handler,
			EpithreWebhookProperties properties) {
		return RouterFunctions.route(RequestPredicates.method(HttpMethod.POST)
			.and(RequestPredicates.path(properties.getPath())), handler);
	}

}
