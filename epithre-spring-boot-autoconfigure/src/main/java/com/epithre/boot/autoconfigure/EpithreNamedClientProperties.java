package com.epithre.boot.autoconfigure;

/**
 * The properties of one named client, under {@code epithre.clients.<name>}: the client settings of
 * {@link EpithreProperties} ({@code base-url}, {@code api-key}, the timeouts, {@code stream.*}, {@code retry.*},
 * {@code concurrency.*}) with its connection pool ({@code http.*}) and health check ({@code health.*}). Every setting a
 * name does not set is the default client's ({@code epithre.*}, {@code epithre.http.*}, {@code epithre.health.*}),
 * except the pool name, which is {@code epithre-<name>} unless set. Coordination ({@code epithre.coordination.*}) and
 * the webhook receiver ({@code epithre.webhook.*}) are shared by all clients.
 *
 * @since 0.1.0
 */
public class EpithreNamedClientProperties extends EpithreProperties {

	/**
	 * The client's connection pool.
	 */
	private final EpithreHttpProperties http = new EpithreHttpProperties();

	/**
	 * The client's health check.
	 */
	private final EpithreHealthProperties health = new EpithreHealthProperties();

	public EpithreHttpProperties getHttp() {
		return this.http;
	}

	public EpithreHealthProperties getHealth() {
		return this.health;
	}

}
