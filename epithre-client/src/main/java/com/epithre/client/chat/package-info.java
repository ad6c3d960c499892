/**
 * Chat completions (docs/epithre-api.md, chat): requests, answers, stream chunks and the stream accumulator.
 */
@NullMarked
package com.epithre.client.chat;

import org.jspecify.annotations.NullMarked;
