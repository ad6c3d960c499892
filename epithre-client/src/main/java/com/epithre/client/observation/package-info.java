/**
 * Observability of the Epithre client: the Micrometer {@code Observation} of every call with OpenTelemetry
 * {@code gen_ai} names, the meters recorded from it, and per-client statistics for health checks and diagnostics.
 */
@NullMarked
package com.epithre.client.observation;

import org.jspecify.annotations.NullMarked;
