package com.epithre.boot.autoconfigure;

import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

/**
 * The properties of one named client, {@code epithre.clients.<name>.*}: every {@code epithre.*},
 * {@code epithre.http.*} and {@code epithre.health.*} setting the name does not set is taken from the default
 * client's, except the pool name, which is {@code epithre-<name>} unless set.
 *
 * @param name the client's name
 * @param properties its properties, its pool's and health check's included
 */
record EpithreNamedClient(String name, EpithreNamedClientProperties properties) {

	/** Where the named clients are configured. */
	static final String CLIENTS_PREFIX = EpithreProperties.PREFIX + ".clients";

	/** The bean name of a named client: {@code epithreClient-<name>}. */
	static String beanName(String name) {
		return "epithreClient-" + name;
	}

	/** Its connection pool properties. */
	EpithreHttpProperties http() {
		return this.properties.getHttp();
	}

	/** Its health check properties. */
	EpithreHealthProperties health() {
		return this.properties.getHealth();
	}

	/** Where this client's properties are bound from. */
	String prefix() {
		return CLIENTS_PREFIX + "." + this.name;
	}

	/**
	 * Return the names under {@code epithre.clients}.
	 * @param environment the environment
	 * @return the names, sorted
	 */
	static Set<String> names(Environment environment) {
		return Binder.get(environment)
			.bind(CLIENTS_PREFIX, Bindable.mapOf(String.class, Object.class))
			.map((clients) -> (Set<String>) new TreeSet<>(clients.keySet()))
			.orElseGet(TreeSet::new);
	}

	/**
	 * Bind a named client's properties over the default client's.
	 * @param environment the environment
	 * @param name the client's name
	 * @return the client's properties
	 * @throws EpithreConfigurationException when the name cannot be a property name
	 */
	static EpithreNamedClient bind(Environment environment, String name) {
		if (!ConfigurationPropertyName.isValid(CLIENTS_PREFIX + "." + name)) {
			throw new EpithreConfigurationException(CLIENTS_PREFIX + "." + name,
					"The Epithre client name '" + name + "' is not a valid property name.",
					"Name Epithre clients with lower-case letters, digits and dashes, e.g. epithre.clients.tenant-a.");
		}
		Binder binder = Binder.get(environment);
		String prefix = CLIENTS_PREFIX + "." + name;
		// the default client's settings first (epithre.*, epithre.http.*, epithre.health.*), then the name's own
		EpithreNamedClientProperties properties = new EpithreNamedClientProperties();
		binder.bind(EpithreProperties.PREFIX, Bindable.ofInstance(properties));
		binder.bind(prefix, Bindable.ofInstance(properties));
		if (!binder.bind(prefix + ".http.pool-name", String.class).isBound()) {
			properties.getHttp().setPoolName("epithre-" + name);
		}
		return new EpithreNamedClient(name, properties);
	}

}
