package com.epithre.boot.autoconfigure;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.CompositeReactiveHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;

import com.epithre.boot.actuate.EpithreReactiveHealthIndicator;
import com.epithre.client.EpithreClient;

/**
 * Auto-configuration of the {@code epithre} health contributor: an {@link EpithreReactiveHealthIndicator} for the
 * {@link EpithreClient} bean, or a composite of one per client, by bean name, when there are several. Switched off with
 * {@code management.health.epithre.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EpithreAutoConfiguration.class)
@ConditionalOnClass({ EpithreClient.class, Mono.class, ReactiveHealthIndicator.class,
		ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(EpithreClient.class)
@ConditionalOnEnabledHealthIndicator("epithre")
@EnableConfigurationProperties(EpithreHealthProperties.class)
public final class EpithreHealthContributorAutoConfiguration
		extends CompositeReactiveHealthContributorConfiguration<EpithreReactiveHealthIndicator, EpithreClient> {

	EpithreHealthContributorAutoConfiguration(EpithreHealthProperties properties) {
		super((client) -> new EpithreReactiveHealthIndicator(client, properties.toSettings()));
	}

	@Bean
	@ConditionalOnMissingBean(name = { "epithreHealthIndicator", "epithreHealthContributor" })
	ReactiveHealthContributor epithreHealthContributor(ConfigurableListableBeanFactory beanFactory) {
		return createContributor(beanFactory, EpithreClient.class);
	}

}
