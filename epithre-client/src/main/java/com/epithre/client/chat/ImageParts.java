package com.epithre.client.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.util.Assert;

/**
 * Image blocks for vision input (docs/epithre-api.md, chat) from bytes or a Spring {@link Resource}, written as
 * {@code data:} URIs after checking the two documented rules: PNG, JPEG, WebP or GIF, and at most 20 MB decoded.
 *
 * <p>
 * The chat body limit is 1 MB by default although images may be 20 MB (docs/epithre-api.md, known gaps (chat images
 * and the body limit)): an image between the two
 * is sent, and the server's 413 names the conflict.
 *
 * @since 0.1.0
 */
public final class ImageParts {

	/** Decoded size per image (docs/epithre-api.md, chat: 20 MB). */
	public static final int MAX_IMAGE_BYTES = 20 * 1024 * 1024;

	/** The image types vision accepts (docs/epithre-api.md, chat). */
	public static final List<String> MEDIA_TYPES = List.of("image/png", "image/jpeg", "image/webp", "image/gif");

	private ImageParts() {
	}

	/**
	 * Create an image block from bytes, with the type found from the image's leading bytes.
	 * @param bytes the encoded image
	 * @return the block
	 * @throws IllegalArgumentException when the bytes are not PNG, JPEG, WebP or GIF, or over 20 MB
	 */
	public static ContentPart of(byte[] bytes) {
		Assert.notNull(bytes, "bytes must not be null");
		String detected = detect(bytes);
		Assert.notNull(detected, "The image is not PNG, JPEG, WebP or GIF, the types vision accepts "
				+ "(docs/epithre-api.md, chat): its leading bytes match none of them");
		return of(bytes, detected);
	}

	/**
	 * Create an image block from bytes of a known type.
	 * @param bytes the encoded image
	 * @param mediaType its type: {@code image/png}, {@code image/jpeg}, {@code image/webp} or {@code image/gif}
	 * @return the block
	 * @throws IllegalArgumentException when the type is not accepted or the image is over 20 MB
	 */
	public static ContentPart of(byte[] bytes, String mediaType) {
		Assert.notNull(bytes, "bytes must not be null");
		Assert.hasText(mediaType, "mediaType must not be empty");
		String type = checkType(mediaType);
		checkSize(bytes.length);
		Assert.isTrue(bytes.length > 0, "The image is empty");
		return ContentPart.image(type, bytes);
	}

	/**
	 * Read an image block from a resource, such as {@code classpath:photo.png}. The type comes from the file name and
	 * otherwise from the image's leading bytes. The resource is read on a bounded-elastic thread when the result is
	 * subscribed to.
	 * @param resource the image
	 * @return the block; an {@link IllegalArgumentException} for a wrong type or size, an
	 * {@link UncheckedIOException} when the resource cannot be read
	 */
	public static Mono<ContentPart> of(Resource resource) {
		Assert.notNull(resource, "resource must not be null");
		return Mono.fromCallable(() -> read(resource)).subscribeOn(Schedulers.boundedElastic());
	}

	private static ContentPart read(Resource resource) {
		String description = resource.getDescription();
		try {
			if (resource.exists()) {
				long length = resource.contentLength();
				checkSize(length);
			}
			byte[] bytes;
			try (InputStream in = resource.getInputStream()) {
				// read one byte past the limit so an unknown-length resource over it is caught without reading all
				bytes = in.readNBytes(MAX_IMAGE_BYTES + 1);
			}
			checkSize(bytes.length);
			Optional<MediaType> fromName = MediaTypeFactory.getMediaType(resource);
			String type = fromName.map(MediaType::toString).filter(MEDIA_TYPES::contains).orElse(null);
			if (type == null) {
				type = detect(bytes);
			}
			if (type == null) {
				throw new IllegalArgumentException(description + " is not PNG, JPEG, WebP or GIF, the types vision "
						+ "accepts (docs/epithre-api.md, chat); its name gives "
						+ fromName.map(MediaType::toString).orElse("no known type"));
			}
			return of(bytes, type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read image " + description, ex);
		}
	}

	private static String checkType(String mediaType) {
		String type = mediaType.strip().toLowerCase(Locale.ROOT);
		Assert.isTrue(MEDIA_TYPES.contains(type), () -> "Image type " + mediaType
				+ " is not accepted: vision takes PNG, JPEG, WebP or GIF (docs/epithre-api.md, chat)");
		return type;
	}

	private static void checkSize(long bytes) {
		Assert.isTrue(bytes <= MAX_IMAGE_BYTES, () -> "Image of " + ((bytes > MAX_IMAGE_BYTES) ? "more than " : "")
				+ MAX_IMAGE_BYTES + " bytes is over the 20 MB per-image limit of chat vision (docs/epithre-api.md, chat)");
	}

	/**
	 * Find an accepted image type from the leading bytes (the "magic numbers" of each format).
	 */
	static @Nullable String detect(byte[] bytes) {
		if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
			return "image/png";
		}
		if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
			return "image/jpeg";
		}
		if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
			return "image/gif";
		}
		if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
			return "image/webp";
		}
		return null;
	}

	private static boolean startsWith(byte[] bytes, int offset, int... expected) {
		if (bytes.length < offset + expected.length) {
			return false;
		}
		for (int i = 0; i < expected.length; i++) {
			if ((bytes[offset + i] & 0xFF) != expected[i]) {
				return false;
			}
		}
		return true;
	}

}
