package com.epithre.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

import com.epithre.client.EpithreClient;

/**
 * Registers one {@link EpithreClient} bean per name under {@code epithre.clients}: named
 * {@code epithreClient-<name>}, qualified by the name ({@code @Qualifier("<name>")}) and injected only where asked
 * for by it, so an unqualified {@code EpithreClient} stays the default client. On Reactor Netty each named client has
 * a connection pool of its own, {@code epithreConnectionProvider-<name>}, closed with the context.
 */
final class EpithreNamedClientsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private static final boolean REACTOR_NETTY_PRESENT = ClassUtils.isPresent(
			"reactor.netty.resources.ConnectionProvider", EpithreNamedClientsRegistrar.class.getClassLoader())
			&& ClassUtils.isPresent(
					"org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder",
					EpithreNamedClientsRegistrar.class.getClassLoader());

	@SuppressWarnings("NullAway.Init")
	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, EpithreNamedClient> clients = new LinkedHashMap<>();
		for (String name : EpithreNamedClient.names(this.environment)) {
			clients.put(EpithreNamedClient.beanName(name), EpithreNamedClient.bind(this.environment, name));
		}
		registry.registerBeanDefinition(EpithreNamedClients.BEAN_NAME,
				new RootBeanDefinition(EpithreNamedClients.class, () -> new EpithreNamedClients(clients)));
		BeanFactory beanFactory = (BeanFactory) registry;
		clients.forEach((beanName, client) -> register(registry, beanFactory, beanName, client));
	}

	private void register(BeanDefinitionRegistry registry, BeanFactory beanFactory, String beanName,
			EpithreNamedClient client) {
		String poolBeanName = (REACTOR_NETTY_PRESENT) ? registerPool(registry, beanFactory, client) : null;
		RootBeanDefinition definition = new RootBeanDefinition(EpithreClient.class, () -> {
			EpithreConnectionPool pool = (poolBeanName != null)
					? new EpithreConnectionPool(beanFactory.getBean(poolBeanName, ConnectionProvider.class)) : null;
			EpithreProperties properties = client.properties();
			return beanFactory.getBean(EpithreClientFactory.class)
				.create(client.prefix(),
						EpithreSettingsMapper.map(properties, new PropertiesEpithreConnectionDetails(properties, client.prefix()),
								client.prefix()),
						properties.getConnectTimeout(), pool, List.of());
		});
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, client.name()));
		definition.setDefaultCandidate(false);
		registry.registerBeanDefinition(beanName, definition);
	}

	private static String registerPool(BeanDefinitionRegistry registry, BeanFactory beanFactory,
			EpithreNamedClient client) {
		String poolBeanName = EpithreConnectionPoolAutoConfiguration.CONNECTION_PROVIDER_BEAN_NAME + "-" + client.name();
		RootBeanDefinition pool = new RootBeanDefinition(ConnectionProvider.class,
				() -> EpithreConnectionProviderFactory.create(client.http(),
						client.properties().getConcurrency().getMaxInFlight(), client.prefix()));
		pool.setDestroyMethodName("dispose");
		pool.setDefaultCandidate(false);
		registry.registerBeanDefinition(poolBeanName, pool);
		registry.registerBeanDefinition(poolBeanName + "Lifecycle",
				new RootBeanDefinition(EpithreConnectionProviderLifecycle.class,
						() -> new EpithreConnectionProviderLifecycle(
								beanFactory.getBean(poolBeanName, ConnectionProvider.class))));
		return poolBeanName;
	}

}
