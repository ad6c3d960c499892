/**
 * Fake Epithre API server for tests: scripted and default responses over real HTTP.
 */
@NullMarked
package com.epithre.test;

import org.jspecify.annotations.NullMarked;
