package com.epithre.test.junit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.epithre.test.FakeEpithreServer;

/**
 * Settings recorded by the JUnit extension, replayed on every new or reset server.
 *
 * @since 0.1.0
 */
final class ServerSettings {

	private final List<Consumer<FakeEpithreServer>> settings = new CopyOnWriteArrayList<>();

	/**
	 * Record a setting.
	 * @param setting the setting, applied to a server
	 */
	void add(Consumer<FakeEpithreServer> setting) {
		this.settings.add(setting);
	}

	/**
	 * Apply all settings in the order they were recorded.
	 * @param server the server to configure
	 */
	void applyTo(FakeEpithreServer server) {
		this.settings.forEach((setting) -> setting.accept(server));
	}

}
