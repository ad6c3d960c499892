package com.epithre.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Reports an {@link EpithreConfigurationException} in Spring Boot's "APPLICATION FAILED TO START" block: the
 * property, where it was set, what is wrong with it and the fix. Only the property's origin is looked up, never its
 * value, which may be an API key.
 */
class EpithreConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<EpithreConfigurationException> {

	private final @Nullable Environment environment;

	EpithreConfigurationFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EpithreConfigurationException cause) {
		StringBuilder description = new StringBuilder(cause.getDescription());
		Origin origin = origin(cause.getProperty());
		if (origin != null) {
			description.append(System.lineSeparator())
				.append(System.lineSeparator())
				.append("Property ")
				.append(cause.getProperty())
				.append(" is set in ")
				.append(origin)
				.append('.');
		}
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

	private @Nullable Origin origin(String property) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)
				|| !ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return found.getOrigin();
			}
		}
		return null;
	}

}
