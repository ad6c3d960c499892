package com.epithre.client.internal;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedWithParams;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.core.NativeDetector;

/**
 * A Jackson module that calls the creator (the canonical constructor, or a static {@code @JsonCreator} factory) of each
 * of the client's wire records through one spreading method handle, made when Jackson builds the record's
 * deserializer. Jackson 3.1 calls a creator with {@code MethodHandle.invokeWithArguments}, which builds a spreader on
 * every call: about a tenth of the client's CPU per stream chunk (measured in {@code benchmarks/}). Everything else
 * (which creator, the arguments, missing and null values, errors) stays Jackson's. Outside a native image only, where
 * handles cannot be spun at run time.
 * <p>
 * Jackson's Blackbird module does the same for every type, but only as a dependency that Jackson's module discovery
 * ({@code findAndAddModules}, which Spring's default codecs use) would then add to every mapper of the application.
 */
final class DirectCreators extends SimpleModule {

	private static final String WIRE_PACKAGE = "com.epithre.client.";

	DirectCreators() {
		super("epithre-direct-creators");
	}

	@Override
	public void setupModule(SetupContext context) {
		super.setupModule(context);
		context.addValueInstantiators(new ValueInstantiators.Base() {

			@Override
			public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
					BeanDescription.Supplier bean, ValueInstantiator instantiator) {
				return (instantiator.getClass() == StdValueInstantiator.class
						&& bean.getBeanClass().getName().startsWith(WIRE_PACKAGE))
								? Direct.of((StdValueInstantiator) instantiator) : instantiator;
			}

		});
	}

	/**
	 * Jackson's instantiator with the creator called through a spreading handle, held by a lambda of its own so that the
	 * JIT compiler sees the handle as a constant (as Blackbird does).
	 */
	private static final class Direct extends StdValueInstantiator {

		private static final MethodType SPREAD = MethodType.methodType(Object.class, Object[].class);

		private final Function<Object[], Object> constructor;

		private Direct(StdValueInstantiator instantiator, Function<Object[], Object> constructor) {
			super(instantiator);
			this.constructor = constructor;
		}

		static ValueInstantiator of(StdValueInstantiator instantiator) {
			AnnotatedWithParams creator = instantiator.getWithArgsCreator();
			if (NativeDetector.inNativeImage() || creator == null) {
				return instantiator;
			}
			try {
				MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(creator.getDeclaringClass(),
						MethodHandles.lookup());
				MethodHandle handle;
				if (creator.getAnnotated() instanceof Constructor<?> constructor) {
					handle = lookup.unreflectConstructor(constructor);
				}
				else if (creator.getAnnotated() instanceof Method method && Modifier.isStatic(method.getModifiers())) {
					handle = lookup.unreflect(method);
				}
				else {
					return instantiator;
				}
				return new Direct(instantiator,
						lambda(handle.asSpreader(Object[].class, handle.type().parameterCount()).asType(SPREAD)));
			}
			catch (Throwable ex) {
				return instantiator; // a creator this module may not reach (a module that does not open the package)
			}
		}

		@SuppressWarnings("unchecked")
		private static Function<Object[], Object> lambda(MethodHandle handle) throws Throwable {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			MethodHandle call = lookup.findStatic(Direct.class, "call",
					MethodType.methodType(Object.class, MethodHandle.class, Object[].class));
			return (Function<Object[], Object>) LambdaMetafactory
				.metafactory(lookup, "apply", MethodType.methodType(Function.class, MethodHandle.class),
						MethodType.methodType(Object.class, Object.class), call, SPREAD)
				.getTarget()
				.invokeExact(handle);
		}

		private static Object call(MethodHandle handle, Object[] args) throws Throwable {
			return handle.invokeExact(args);
		}

		@Override
		public Object createFromObjectWith(DeserializationContext context, Object[] args) throws JacksonException {
			try {
				return this.constructor.apply(args);
			}
			catch (RuntimeException ex) {
				return context.handleInstantiationProblem(getValueClass(), args, rewrapCtorProblem(context, ex));
			}
		}

	}

}
