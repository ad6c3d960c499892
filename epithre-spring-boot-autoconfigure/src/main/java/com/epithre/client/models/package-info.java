/**
 * The model catalogue, {@code GET /v1/models} (EPITHRE-API.md 3): public, free and not rate-limited.
 */
@NullMarked
package com.epithre.client.models;

import org.jspecify.annotations.NullMarked;
