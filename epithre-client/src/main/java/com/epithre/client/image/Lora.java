package com.epithre.client.image;

/**
 * The documented values of an image request's {@code lora} field (docs/epithre-api.md, images). The field stays a
 * string: the
 * API may add styles without notice (docs/epithre-api.md, known gaps).
 *
 * @since 0.1.0
 */
public final class Lora {

	/** No style adapter, the server's default. */
	public static final String NONE = "none";

	/** The dark style. */
	public static final String DARK = "dark";

	/** The anime style; adds about 5 s per image. */
	public static final String ANIME = "anime";

	private Lora() {
	}

}
