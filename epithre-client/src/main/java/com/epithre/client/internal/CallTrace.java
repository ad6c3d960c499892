package com.epithre.client.internal;

import org.jspecify.annotations.Nullable;

/**
 * What every attempt of one call shares: whether the answer is complete and the last request id seen.
 */
final class CallTrace {

	volatile boolean done;

	volatile @Nullable String requestId;

}
