package com.epithre.boot.autoconfigure;

import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.epithre.boot.webhook.EpithreWebhookHandler;
import com.epithre.boot.webhook.WebhookDeduplicator;
import com.epithre.client.webhook.WebhookSignatureVerifier;

/**
 * The webhook receiver of a reactive web application, on WebFlux.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
class EpithreReactiveWebhookConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EpithreWebhookHandler epithreWebhookHandler(WebhookSignatureVerifier verifier, WebhookDeduplicator deduplicator,
			ApplicationEventPublisher publisher, EpithreWebhookProperties properties) {
		return new EpithreWebhookHandler(verifier, deduplicator, publisher, Schedulers.boundedElastic(),
				EpithreWebhookAutoConfiguration.maxBodyBytes(properties));
	}

	@Bean
	RouterFunction<ServerResponse> epithreWebhookRouterFunction(EpithreWebhookHandler handler,
			EpithreWebhookProperties properties) {
		return RouterFunctions.route(RequestPredicates.method(HttpMethod.POST)
			.and(RequestPredicates.path(properties.getPath())), handler);
	}

}
