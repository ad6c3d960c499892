package com.epithre.boot.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import com.epithre.boot.actuate.EpithreEndpoint;
import com.epithre.client.EpithreClient;

/**
 * Auto-configuration of the read-only {@code epithre} Actuator endpoint, when it is available (exposed with
 * {@code management.endpoints.web.exposure.include=epithre} and not disabled).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EpithreAutoConfiguration.class)
@ConditionalOnClass({ EpithreClient.class, EpithreEndpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(EpithreClient.class)
@ConditionalOnAvailableEndpoint(EpithreEndpoint.class)
public final class EpithreEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EpithreEndpoint epithreEndpoint(ListableBeanFactory beanFactory) {
		// every client bean, the named ones included (they are injected only by name, so they are looked up here)
		return new EpithreEndpoint(beanFactory.getBeansOfType(EpithreClient.class));
	}

}
