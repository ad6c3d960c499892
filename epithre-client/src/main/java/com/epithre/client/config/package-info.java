/**
 * How a client behaves: its settings ({@link com.epithre.client.config.EpithreClientSettings}), the per-call
 * overrides ({@link com.epithre.client.config.RequestOptions}: timeouts, retry, another API key, extra headers), and
 * the retry and concurrency policies.
 */
@NullMarked
package com.epithre.client.config;

import org.jspecify.annotations.NullMarked;
