package com.epithre.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
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
 * a connection pool of its own, {@code epithreConnectionProvider-<name>}, closed with the context. The beans are
 * created by {@link EpithreNamedClients}' factory methods, which ahead-of-time processing can generate code for.
 */
final class EpithreNamedClientsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private static final boolean REACTOR_NETTY_PRESENT = ClassUtils.isPresent(
			"reactor.netty.resources.ConnectionProvider", EpithreNamedClientsRegistrar.class.getClassLoader())
			&& ClassUtils.isPresent("org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder",
					EpithreNamedClientsRegistrar.class.getClassLoader());

	@SuppressWarnings("NullAway.Init")
	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		registry.registerBeanDefinition(EpithreNamedClients.BEAN_NAME,
				new RootBeanDefinition(EpithreNamedClients.class));
		for (String name : EpithreNamedClient.names(this.environment)) {
			// fails start-up for a name that cannot be a property name
			EpithreNamedClient.bind(this.environment, name);
			if (REACTOR_NETTY_PRESENT) {
				register(registry, poolBeanName(name), "pool", name, "dispose");
				register(registry, poolBeanName(name) + "Lifecycle", "poolLifecycle", name, null);
			}
			RootBeanDefinition client = register(registry, EpithreNamedClient.beanName(name), "client", name, null);
			client.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
		}
	}

	static String poolBeanName(String name) {
		return EpithreConnectionPoolAutoConfiguration.CONNECTION_PROVIDER_BEAN_NAME + "-" + name;
	}

	private static RootBeanDefinition register(BeanDefinitionRegistry registry, String beanName, String factoryMethod,
			String name, @Nullable String destroyMethod) {
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setFactoryBeanName(EpithreNamedClients.BEAN_NAME);
		definition.setUniqueFactoryMethodName(factoryMethod);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
		definition.setDefaultCandidate(false);
		if (destroyMethod != null) {
			definition.setDestroyMethodName(destroyMethod);
		}
		registry.registerBeanDefinition(beanName, definition);
		return definition;
	}

}
