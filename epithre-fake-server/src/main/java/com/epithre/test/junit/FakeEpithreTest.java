package com.epithre.test.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against one started {@link com.epithre.test.FakeEpithreServer}, injected into constructors, test
 * methods and lifecycle methods that declare a parameter of that type, and reset after each test.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeEpithreExtension.class)
public @interface FakeEpithreTest {

}
