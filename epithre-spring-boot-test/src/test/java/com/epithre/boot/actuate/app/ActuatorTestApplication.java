package com.epithre.boot.actuate.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A WebFlux application with Actuator and the Epithre auto-configuration, outside the auto-configuration's package
 * (docs/building.md, test applications).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ActuatorTestApplication {

}
