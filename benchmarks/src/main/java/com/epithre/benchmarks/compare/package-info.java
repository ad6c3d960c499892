/**
 * Side-by-side comparison of the Epithre client with other JVM clients, each in a JVM of its own, against one fake
 * server.
 */
@NullMarked
package com.epithre.benchmarks.compare;

import org.jspecify.annotations.NullMarked;
