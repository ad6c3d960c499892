/**
 * Spring AI on the Epithre client: {@link com.epithre.ai.EpithreChatModel} (a {@code ChatModel}, streaming through
 * the client's {@code Flux}) with {@link com.epithre.ai.EpithreChatOptions}, and
 * {@link com.epithre.ai.EpithreEmbeddingModel}. No Spring Boot is needed here; the auto-configuration is in
 * {@code com.epithre.ai.autoconfigure}. Each call is observed once, by the client's {@code epithre.client}
 * observation; the models create no Spring AI model observation of their own.
 */
@NullMarked
package com.epithre.ai;

import org.jspecify.annotations.NullMarked;
