package com.epithre.client.image;

import java.util.Base64;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.util.Assert;

/**
 * Body of {@code POST /v1/images/edits} (docs/epithre-api.md, images): an edit instruction and one source image. The
 * field for
 * reference images, its limit and mask support are not documented, so they are not modelled.
 *
 * @param model the image model, {@code epithre-iris}
 * @param prompt the edit instruction, up to 2,000 characters
 * @param image the source image as raw base64
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageEditRequest(String model, String prompt, String image) {

	/** Body limit of the images endpoints (docs/epithre-api.md, errors and limits and timeouts: 50 MB). */
	public static final long MAX_BODY_BYTES = 50L * 1024 * 1024;

	/** Room kept for the fields around {@code image} when sizing a body. */
	private static final long BODY_OVERHEAD = 16 * 1024;

	public ImageEditRequest {
		Assert.hasText(model, "model must not be empty");
		ImageGenerationRequest.checkPrompt(prompt);
		Assert.hasText(image, "image must not be empty: send one base64 source image (docs/epithre-api.md, images)");
		long bytes = image.length() + BODY_OVERHEAD;
		Assert.isTrue(bytes <= MAX_BODY_BYTES, () -> "image takes " + image.length()
				+ " characters of base64, over the 50 MB body limit of the images endpoints (docs/epithre-api.md, limits and timeouts)");
	}

	/**
	 * Create an edit of an image for {@code epithre-iris}.
	 * @param prompt the edit instruction
	 * @param image the encoded source image
	 * @return the request
	 */
	public static ImageEditRequest of(String prompt, byte[] image) {
		return of(ImageGenerationRequest.DEFAULT_MODEL, prompt, image);
	}

	/**
	 * Create an edit of an image.
	 * @param model the image model
	 * @param prompt the edit instruction
	 * @param image the encoded source image
	 * @return the request
	 */
	public static ImageEditRequest of(String model, String prompt, byte[] image) {
		Assert.notNull(image, "image must not be null");
		Assert.isTrue(image.length > 0, "image must not be empty: send one source image (docs/epithre-api.md, images)");
		return new ImageEditRequest(model, prompt, Base64.getEncoder().encodeToString(image));
	}

}
