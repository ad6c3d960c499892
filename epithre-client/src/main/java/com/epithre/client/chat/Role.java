package com.epithre.client.chat;

/**
 * Message roles (docs/epithre-api.md, chat).
 *
 * @since 0.1.0
 */
public final class Role {

	/** Instructions for the model. */
	public static final String SYSTEM = "system";

	/** The user's turn. */
	public static final String USER = "user";

	/** The model's turn. */
	public static final String ASSISTANT = "assistant";

	/** The result of a tool call. */
	public static final String TOOL = "tool";

	private Role() {
	}

}
