/**
 * Chat completions (EPITHRE-API.md 4): requests, answers, stream chunks and the stream accumulator.
 */
@NullMarked
package com.epithre.client.chat;

import org.jspecify.annotations.NullMarked;
