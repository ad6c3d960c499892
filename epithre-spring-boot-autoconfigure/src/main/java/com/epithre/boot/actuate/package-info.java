/**
 * Spring Boot Actuator support for the Epithre client: the health indicator and the {@code epithre} endpoint.
 */
@NullMarked
package com.epithre.boot.actuate;

import org.jspecify.annotations.NullMarked;
