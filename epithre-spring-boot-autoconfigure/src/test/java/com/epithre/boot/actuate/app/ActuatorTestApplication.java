package com.epithre.boot.actuate.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A WebFlux application with Actuator and the Epithre auto-configuration, outside the auto-configuration's package
 * (TOOLCHAIN.md gotcha 4).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ActuatorTestApplication {

}
