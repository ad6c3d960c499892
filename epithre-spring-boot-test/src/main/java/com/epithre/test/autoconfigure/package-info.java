/**
 * Spring test auto-configuration that points the Epithre client at a {@link com.epithre.test.FakeEpithreServer}.
 */
@NullMarked
package com.epithre.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
