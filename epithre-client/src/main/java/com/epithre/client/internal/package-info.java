/**
 * Client internals shared across resource packages: HTTP exchange, SSE decoding, error mapping; not for users.
 */
@NullMarked
package com.epithre.client.internal;

import org.jspecify.annotations.NullMarked;
