/**
 * The openai-java client process of the side-by-side comparison.
 */
@NullMarked
package com.epithre.benchmarks.peers.openai;

import org.jspecify.annotations.NullMarked;
