/**
 * JUnit Jupiter support that starts, injects and resets a {@link com.epithre.test.FakeEpithreServer}.
 */
@NullMarked
package com.epithre.test.junit;

import org.jspecify.annotations.NullMarked;
