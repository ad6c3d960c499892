package com.epithre.boot.autoconfigure;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;

import com.epithre.boot.actuate.EpithreReactiveHealthIndicator;
import com.epithre.client.EpithreClient;

/**
 * Auto-configuration of the {@code epithre} health contributor: an {@link EpithreReactiveHealthIndicator} for the
 * {@link EpithreClient} bean, or a composite of one per client, by bean name, when there are several (named clients
 * use their own {@code epithre.clients.<name>.health.*}). Switched off with
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
public final class EpithreHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "epithreHealthIndicator", "epithreHealthContributor" })
	ReactiveHealthContributor epithreHealthContributor(ConfigurableListableBeanFactory beanFactory,
			EpithreHealthProperties properties, ObjectProvider<EpithreNamedClients> namedClients) {
		// every client bean, the named ones included (they are injected only by name, so they are looked up here)
		Map<String, EpithreClient> clients = beanFactory.getBeansOfType(EpithreClient.class);
		EpithreNamedClients named = namedClients.getIfAvailable();
		if (clients.size() == 1) {
			Map.Entry<String, EpithreClient> only = clients.entrySet().iterator().next();
			return indicator(only.getKey(), only.getValue(), properties, named);
		}
		Map<String, ReactiveHealthContributor> indicators = new TreeMap<>();
		clients.forEach((name, client) -> indicators.put(name, indicator(name, client, properties, named)));
		return CompositeReactiveHealthContributor.fromMap(indicators);
	}

	private static EpithreReactiveHealthIndicator indicator(String beanName, EpithreClient client,
			EpithreHealthProperties properties, @Nullable EpithreNamedClients named) {
		EpithreNamedClient namedClient = (named != null) ? named.forBean(beanName) : null;
		String prefix = (namedClient != null) ? namedClient.prefix() : EpithreProperties.PREFIX;
		EpithreHealthProperties own = (namedClient != null) ? namedClient.health() : properties;
		return new EpithreReactiveHealthIndicator(client, own.toSettings(prefix), prefix + ".health.timeout");
	}

}
