/**
 * Spring Boot auto-configuration of the Epithre client.
 */
@NullMarked
package com.epithre.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
