package com.epithre.boot.autoconfigure;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The named clients' properties by bean name, for the beans built beside the clients (their health checks).
 */
final class EpithreNamedClients {

	static final String BEAN_NAME = "epithreNamedClients";

	private final Map<String, EpithreNamedClient> clients;

	EpithreNamedClients(Map<String, EpithreNamedClient> clients) {
		this.clients = Map.copyOf(clients);
	}

	@Nullable EpithreNamedClient get(String beanName) {
		return this.clients.get(beanName);
	}

}
