package com.epithre.boot.autoconfigure;

import java.time.Clock;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import com.epithre.boot.webhook.BatchWebhookSignals;
import com.epithre.boot.webhook.WebhookDeduplicator;
import com.epithre.client.webhook.WebhookSignatureVerifier;

/**
 * Auto-configuration of the Epithre webhook receiver: a router function answering {@code POST epithre.webhook.path},
 * on WebFlux in a reactive web application and on Spring MVC in a servlet one. Opt-in with
 * {@code epithre.webhook.enabled=true}; needs {@code epithre.webhook.secret} or {@code epithre.webhook.secrets}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnClass(WebhookSignatureVerifier.class)
@ConditionalOnBooleanProperty("epithre.webhook.enabled")
@EnableConfigurationProperties(EpithreWebhookProperties.class)
@Import({ EpithreReactiveWebhookConfiguration.class, EpithreServletWebhookConfiguration.class })
public final class EpithreWebhookAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebhookSignatureVerifier epithreWebhookSignatureVerifier(EpithreWebhookProperties properties) {
		List<String> secrets = properties.allSecrets();
		if (secrets.isEmpty()) {
			throw new EpithreConfigurationException("epithre.webhook.secret",
					"epithre.webhook.enabled is true but no webhook secret is configured, so no delivery could be "
							+ "verified.",
					"Set epithre.webhook.secret (or epithre.webhook.secrets) to the whsec_... secret returned when "
							+ "the webhook was registered, for example from ${EPITHRE_WEBHOOK_SECRET}.");
		}
		if (properties.getSecret() != null) {
			EpithrePropertyChecks.unresolvedPlaceholder("epithre.webhook.secret", properties.getSecret());
		}
		for (int i = 0; i < properties.getSecrets().size(); i++) {
			String secret = properties.getSecrets().get(i);
			if (secret != null) {
				EpithrePropertyChecks.unresolvedPlaceholder("epithre.webhook.secrets[" + i + "]", secret);
			}
		}
		EpithrePropertyChecks.notNegative("epithre.webhook.tolerance", properties.getTolerance());
		return new WebhookSignatureVerifier(secrets, properties.getTolerance(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookDeduplicator epithreWebhookDeduplicator(EpithreWebhookProperties properties) {
		EpithrePropertyChecks.notNegative("epithre.webhook.dedupe.window", properties.getDedupe().getWindow());
		EpithrePropertyChecks.atLeast("epithre.webhook.dedupe.max-entries", properties.getDedupe().getMaxEntries(), 1);
		return new WebhookDeduplicator(properties.getDedupe().getWindow(), properties.getDedupe().getMaxEntries(),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	BatchWebhookSignals epithreBatchWebhookSignals() {
		return new BatchWebhookSignals();
	}

	/**
	 * Return the largest accepted delivery body in bytes, after checking the path and size properties.
	 * @param properties the webhook properties
	 * @return the size limit
	 */
	static int maxBodyBytes(EpithreWebhookProperties properties) {
		if (properties.getPath() == null || !properties.getPath().startsWith("/")) {
			throw new EpithreConfigurationException("epithre.webhook.path",
					"epithre.webhook.path must start with '/', but it is '" + properties.getPath() + "'.",
					"Set epithre.webhook.path to a path such as /epithre/webhook, or remove it to use that default.");
		}
		EpithrePropertyChecks.between("epithre.webhook.max-body-size", properties.getMaxBodySize(), 1,
				Integer.MAX_VALUE);
		return (int) properties.getMaxBodySize().toBytes();
	}

}
