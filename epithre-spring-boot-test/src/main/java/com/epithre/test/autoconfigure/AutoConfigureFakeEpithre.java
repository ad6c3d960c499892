package com.epithre.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Points the Epithre client of a Spring test at a started {@link com.epithre.test.FakeEpithreServer} bean, which is
 * reset after each test method.
 *
 * <p>
 * Sets {@code epithre.base-url} to the server, and {@code epithre.api-key} to a dummy {@code esk_test_} key unless
 * the environment already has one, so the test needs no real key.
 *
 * @since 0.1.0
 * @see FakeEpithreAutoConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureFakeEpithre {

}
