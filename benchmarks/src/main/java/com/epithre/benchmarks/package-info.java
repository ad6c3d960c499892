/**
 * Load drivers and benchmarks aimed at the fake Epithre server.
 */
@NullMarked
package com.epithre.benchmarks;

import org.jspecify.annotations.NullMarked;
