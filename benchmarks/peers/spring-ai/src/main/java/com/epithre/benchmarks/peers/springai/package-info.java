/**
 * The Spring AI client process of the side-by-side comparison.
 */
@NullMarked
package com.epithre.benchmarks.peers.springai;

import org.jspecify.annotations.NullMarked;
