/**
 * The model catalogue, {@code GET /v1/models} (docs/epithre-api.md, models): public, free and not rate-limited.
 */
@NullMarked
package com.epithre.client.models;

import org.jspecify.annotations.NullMarked;
