package com.epithre.sample;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * Actuator exposure for the sample, kept out of {@code application.yaml} so that file holds only {@code epithre.*}
 * keys; {@code application.yaml} and the environment still override it.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:sample-management.properties")
class ManagementDefaults {

}
