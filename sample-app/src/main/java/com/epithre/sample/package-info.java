/**
 * Sample WebFlux application streaming Epithre chat replies.
 */
@NullMarked
package com.epithre.sample;

import org.jspecify.annotations.NullMarked;
