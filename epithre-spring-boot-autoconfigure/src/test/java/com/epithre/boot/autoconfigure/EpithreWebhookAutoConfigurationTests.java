package com.epithre.boot.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.reactive.function.server.RouterFunction;

import com.epithre.boot.webhook.EpithreServletWebhookHandler;
import com.epithre.boot.webhook.EpithreWebhookHandler;
import com.epithre.client.webhook.WebhookSignatureVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreWebhookAutoConfigurationTests {

	private static final String SECRET = "whsec_autoconfig_test_secret";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EpithreWebhookAutoConfiguration.class));

	@Test
	void offByDefault() {
		this.runner.withPropertyValues("epithre.webhook.secret=" + SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(EpithreWebhookHandler.class)
				.doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void enabledExposesRouterAndVerifier() {
		this.runner.withPropertyValues("epithre.webhook.enabled=true", "epithre.webhook.secret=" + SECRET)
			.run((context) -> {
				assertThat(context).hasSingleBean(WebhookSignatureVerifier.class)
					.hasSingleBean(EpithreWebhookHandler.class)
					.hasSingleBean(RouterFunction.class);
				EpithreWebhookProperties properties = context.getBean(EpithreWebhookProperties.class);
				assertThat(properties.toString()).doesNotContain(SECRET);
				assertThat(context.getBean(WebhookSignatureVerifier.class).toString()).doesNotContain(SECRET);
			});
	}

	@Test
	void enabledWithoutSecretFailsWithoutPrintingAnything() {
		this.runner.withPropertyValues("epithre.webhook.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("epithre.webhook.secret"));
	}

	@Test
	void servletApplicationsGetTheSpringMvcReceiver() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EpithreWebhookAutoConfiguration.class))
			.withPropertyValues("epithre.webhook.enabled=true", "epithre.webhook.secret=" + SECRET)
			.run((context) -> assertThat(context).hasSingleBean(EpithreServletWebhookHandler.class)
				.hasSingleBean(org.springframework.web.servlet.function.RouterFunction.class)
				.doesNotHaveBean(EpithreWebhookHandler.class));
	}

	@Test
	void reactiveApplicationsDoNotGetTheSpringMvcReceiver() {
		this.runner.withPropertyValues("epithre.webhook.enabled=true", "epithre.webhook.secret=" + SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(EpithreServletWebhookHandler.class));
	}

	@Test
	void unresolvedSecretPlaceholderFailsNamingTheVariable() {
		this.runner
			.withPropertyValues("epithre.webhook.enabled=true",
					"epithre.webhook.secret=${EPITHRE_WEBHOOK_SECRET_UNSET_IN_TESTS}")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(EpithreConfigurationException.class)
				.hasMessageContaining("epithre.webhook.secret")
				.hasMessageContaining("EPITHRE_WEBHOOK_SECRET_UNSET_IN_TESTS is not set"));
	}

	@Test
	void pathWithoutLeadingSlashFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("epithre.webhook.enabled=true", "epithre.webhook.secret=" + SECRET,
					"epithre.webhook.path=hooks/epithre")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("epithre.webhook.path must start with '/'"));
	}

	@Test
	void notInPlainApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EpithreWebhookAutoConfiguration.class))
			.withPropertyValues("epithre.webhook.enabled=true", "epithre.webhook.secret=" + SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(EpithreWebhookHandler.class));
	}

	@Test
	void secretsListAndSingleSecretCombine() {
		EpithreWebhookProperties properties = new EpithreWebhookProperties();
		properties.setSecret("whsec_a");
		properties.setSecrets(List.of("whsec_b", "whsec_a", " "));
		assertThat(properties.allSecrets()).containsExactly("whsec_a", "whsec_b");
	}

}
