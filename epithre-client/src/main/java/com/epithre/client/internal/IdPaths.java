package com.epithre.client.internal;

import org.springframework.util.Assert;

/**
 * Paths of single resources, {@code /files/{id}}. Epithre's ids are ASCII letters, digits and a few marks; an id with
 * any other character (a {@code /}, {@code ?}, {@code #}, whitespace, {@code {}} or {@code %}, which the path would
 * read as a separator, a URI template or an escape, or a non-ASCII letter) is refused with its name and value rather
 * than sent somewhere else.
 */
final class IdPaths {

	private static final String MARKS = "-._~:@!$&'()*+,;=";

	private IdPaths() {
	}

	/**
	 * Return the path of one resource.
	 * @param base the collection's path, e.g. {@code /files}
	 * @param name what the id is, for messages, e.g. {@code fileId}
	 * @param id the id
	 * @return the path
	 * @throws IllegalArgumentException when the id is empty or holds a character a path segment cannot carry as it is
	 */
	static String of(String base, String name, String id) {
		Assert.hasText(id, () -> name + " must not be empty");
		Assert.isTrue(id.chars().allMatch(IdPaths::isPlain), () -> name + " must be a single path segment of ASCII "
				+ "letters, digits and " + MARKS + ", was '" + id + "'");
		return base + "/" + id;
	}

	private static boolean isPlain(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || MARKS.indexOf(c) >= 0;
	}

}
