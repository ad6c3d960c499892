/**
 * Reactive client for the Epithre API: entry point, settings and types shared by every resource.
 */
@NullMarked
package com.epithre.client;

import org.jspecify.annotations.NullMarked;
