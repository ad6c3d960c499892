/**
 * Typed exceptions raised by the Epithre client, one per error family of the API.
 */
@NullMarked
package com.epithre.client.error;

import org.jspecify.annotations.NullMarked;
