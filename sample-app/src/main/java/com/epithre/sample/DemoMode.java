package com.epithre.sample;

import org.jspecify.annotations.Nullable;

/**
 * Whether the app answers from the embedded fake server.
 *
 * @param enabled whether demo mode is on
 * @param fakeServerUrl the fake server's base URL in demo mode
 */
record DemoMode(boolean enabled, @Nullable String fakeServerUrl) {
}
