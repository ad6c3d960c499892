/**
 * Client-side harness shared, as source, by every client process of the side-by-side comparison.
 */
@NullMarked
package com.epithre.benchmarks.harness;

import org.jspecify.annotations.NullMarked;
