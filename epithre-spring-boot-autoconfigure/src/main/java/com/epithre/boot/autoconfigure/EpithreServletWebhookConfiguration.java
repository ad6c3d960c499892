package com.epithre.boot.autoconfigure;

import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import com.epithre.boot.webhook.EpithreServletWebhookHandler;
import com.epithre.boot.webhook.WebhookDeduplicator;
import com.epithre.client.webhook.WebhookSignatureVerifier;

/**
 * The webhook receiver of a servlet web application, on Spring MVC's functional endpoints.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
class EpithreServletWebhookConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EpithreServletWebhookHandler epithreServletWebhookHandler(WebhookSignatureVerifier verifier,
			WebhookDeduplicator deduplicator, ApplicationEventPublisher publisher,
			EpithreWebhookProperties properties) {
		return new EpithreServletWebhookHandler(verifier, deduplicator, publisher, Schedulers.boundedElastic(),
				EpithreWebhookAutoConfiguration.maxBodyBytes(properties));
	}

	@Bean
	RouterFunction<ServerResponse> epithreWebhookRouterFunction(EpithreServletWebhookHandler handler,
			EpithreWebhookProperties properties) {
		return RouterFunctions.route(RequestPredicates.method(HttpMethod.POST)
			.and(RequestPredicates.path(properties.getPath())), handler);
	}

}
