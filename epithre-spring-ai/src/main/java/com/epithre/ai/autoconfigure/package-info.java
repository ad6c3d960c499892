/**
 * Spring Boot auto-configuration of Epithre's Spring AI models ({@code epithre.ai.*} properties).
 */
@NullMarked
package com.epithre.ai.autoconfigure;

import org.jspecify.annotations.NullMarked;
