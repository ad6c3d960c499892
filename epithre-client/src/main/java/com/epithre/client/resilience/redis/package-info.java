/**
 * Cluster-wide per-key limits on Redis through Redisson: a permit semaphore whose permits expire with a lease, and
 * a rate limiter for the requests-per-minute budget. Needs {@code org.redisson:redisson} on the classpath.
 */
@NullMarked
package com.epithre.client.resilience.redis;

import org.jspecify.annotations.NullMarked;
