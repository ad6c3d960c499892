package com.epithre.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * Runtime hints for ahead-of-time processing and native images: the properties classes that
 * {@link EpithreNamedClient#bind} binds for each named client with a {@code Binder}, nested types included. Boot
 * registers hints for {@code @EnableConfigurationProperties} beans only where their auto-configuration applies, while
 * the named clients bind {@link EpithreNamedClientProperties} and its groups whenever {@code epithre.clients} has a
 * name. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
class EpithreRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar
			.forTypes(EpithreNamedClientProperties.class, EpithreProperties.class, EpithreHttpProperties.class,
					EpithreHealthProperties.class)
			.registerHints(hints, classLoader);
	}

}
