/**
 * The LangChain4j client process of the side-by-side comparison.
 */
@NullMarked
package com.epithre.benchmarks.peers.langchain4j;

import org.jspecify.annotations.NullMarked;
