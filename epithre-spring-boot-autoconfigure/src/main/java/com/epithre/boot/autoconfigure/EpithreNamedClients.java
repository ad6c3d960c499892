package com.epithre.boot.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;

import com.epithre.client.EpithreClient;

/**
 * The factory of the named clients' beans ({@link EpithreNamedClientsRegistrar} registers one bean per name that
 * calls {@link #client(String)}): binds each name's properties when its first bean is created, so that an
 * ahead-of-time processed application reads them at run time as well.
 */
final class EpithreNamedClients {

	static final String BEAN_NAME = "epithreNamedClients";

	private final Environment environment;

	private final BeanFactory beanFactory;

	private final Map<String, EpithreNamedClient> clients = new ConcurrentHashMap<>();

	EpithreNamedClients(Environment environment, BeanFactory beanFactory) {
		this.environment = environment;
		this.beanFactory = beanFactory;
	}

	/**
	 * Return the properties of the named client of a bean.
	 * @param beanName the bean name of a client
	 * @return its properties, or {@code null} when the bean is not a named client
	 */
	@Nullable EpithreNamedClient forBean(String beanName) {
		String prefix = EpithreNamedClient.beanName("");
		if (!beanName.startsWith(prefix) || !this.beanFactory.containsBean(beanName)) {
			return null;
		}
		return get(beanName.substring(prefix.length()));
	}

	EpithreClient client(String name) {
		EpithreNamedClient client = get(name);
		EpithreProperties properties = client.properties();
		String poolBeanName = EpithreNamedClientsRegistrar.poolBeanName(name);
		EpithreConnectionPool pool = (this.beanFactory.containsBean(poolBeanName))
				? new EpithreConnectionPool(this.beanFactory.getBean(poolBeanName, ConnectionProvider.class)) : null;
		return this.beanFactory.getBean(EpithreClientFactory.class)
			.create(client.prefix(),
					EpithreSettingsMapper.map(properties,
							new PropertiesEpithreConnectionDetails(properties, client.prefix()), client.prefix()),
					properties.getConnectTimeout(), pool, List.of());
	}

	ConnectionProvider pool(String name) {
		EpithreNamedClient client = get(name);
		return EpithreConnectionProviderFactory.create(client.http(),
				client.properties().getConcurrency().getMaxInFlight(), client.prefix());
	}

	EpithreConnectionProviderLifecycle poolLifecycle(String name) {
		return new EpithreConnectionProviderLifecycle(
				this.beanFactory.getBean(EpithreNamedClientsRegistrar.poolBeanName(name), ConnectionProvider.class));
	}

	private EpithreNamedClient get(String name) {
		return this.clients.computeIfAbsent(name, (key) -> EpithreNamedClient.bind(this.environment, key));
	}

}
