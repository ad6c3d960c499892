package com.epithre.client.image;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Body of {@code POST /v1/images/generations} (docs/epithre-api.md, images). Build one with {@link #builder(String)}.
 * Every
 * documented limit is checked when the request is built.
 *
 * <p>
 * {@code size}: the server rounds each side down to a multiple of 16; this client refuses such a size instead, so
 * that the image that comes back has the size that was asked for.
 *
 * @param model the image model, {@code epithre-iris}
 * @param prompt what to draw, up to 2,000 characters
 * @param size {@code "WxH"}, each side 16-960 and a multiple of 16; the server's default is {@code 768x768}
 * @param n images per request, must be 1
 * @param responseFormat {@code b64_json}, the only documented value
 * @param numSteps inference steps, 1-50 (server default 4; 20-30 for final quality)
 * @param seed the seed, {@code -1} for a random one
 * @param guidanceScale how closely the image follows the prompt (server default 1.0)
 * @param lora a style adapter, one of the {@link Lora} values
 * @param loraStrength the adapter's strength, 0.0-1.5 (server default 0.6)
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageGenerationRequest(String model, String prompt, @Nullable String size, @Nullable Integer n,
		@JsonProperty("response_format") @Nullable String responseFormat,
		@JsonProperty("num_steps") @Nullable Integer numSteps, @Nullable Long seed,
		@JsonProperty("guidance_scale") @Nullable Double guidanceScale, @Nullable String lora,
		@JsonProperty("lora_strength") @Nullable Double loraStrength) {

	/** The image model (docs/epithre-api.md, models and images). */
	public static final String DEFAULT_MODEL = "epithre-iris";

	/** The only documented {@code response_format} (docs/epithre-api.md, images). */
	public static final String B64_JSON = "b64_json";

	/** Characters per prompt (docs/epithre-api.md, images). */
	public static final int MAX_PROMPT_CHARACTERS = 2000;

	/** Largest width and height (docs/epithre-api.md, images). */
	public static final int MAX_SIDE = 960;

	/** Width and height are multiples of this (docs/epithre-api.md, images). */
	public static final int SIDE_STEP = 16;

	/** Largest {@code num_steps} (docs/epithre-api.md, images). */
	public static final int MAX_STEPS = 50;

	/** Largest {@code lora_strength} (docs/epithre-api.md, images). */
	public static final double MAX_LORA_STRENGTH = 1.5;

	private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

	public ImageGenerationRequest {
		Assert.hasText(model, "model must not be empty");
		checkPrompt(prompt);
		if (size != null) {
			checkSize(size);
		}
		Assert.isTrue(n == null || n == 1, () -> "n must be 1 (docs/epithre-api.md, images), was " + n);
		Assert.isTrue(responseFormat == null || B64_JSON.equals(responseFormat),
				() -> "response_format must be b64_json, the only format (docs/epithre-api.md, images), was " + responseFormat);
		Assert.isTrue(numSteps == null || (numSteps >= 1 && numSteps <= MAX_STEPS),
				() -> "num_steps must be between 1 and 50 (docs/epithre-api.md, images), was " + numSteps);
		Assert.isTrue(seed == null || seed >= -1, () -> "seed must be -1 (random) or not negative, was " + seed);
		Assert.isTrue(guidanceScale == null || (Double.isFinite(guidanceScale) && guidanceScale >= 0),
				() -> "guidance_scale must be a finite number not below 0, was " + guidanceScale);
		Assert.isTrue(lora == null || !lora.isBlank(), "lora must not be blank; use Lora.NONE");
		Assert.isTrue(loraStrength == null || (loraStrength >= 0 && loraStrength <= MAX_LORA_STRENGTH),
				() -> "lora_strength must be between 0.0 and 1.5 (docs/epithre-api.md, images), was " + loraStrength);
	}

	/**
	 * Start a request for {@value #DEFAULT_MODEL}.
	 * @param prompt what to draw
	 * @return a builder
	 */
	public static Builder builder(String prompt) {
		return new Builder(prompt);
	}

	/**
	 * Create a request for {@value #DEFAULT_MODEL} with the server's defaults.
	 * @param prompt what to draw
	 * @return the request
	 */
	public static ImageGenerationRequest of(String prompt) {
		return builder(prompt).build();
	}

	static void checkPrompt(String prompt) {
		Assert.hasText(prompt, "prompt must not be empty (docs/epithre-api.md, images)");
		int characters = prompt.codePointCount(0, prompt.length());
		Assert.isTrue(characters <= MAX_PROMPT_CHARACTERS, () -> "prompt has " + characters
				+ " characters, over the 2,000-character limit of epithre-iris (docs/epithre-api.md, images)");
	}

	private static void checkSize(String size) {
		Matcher matcher = SIZE.matcher(size);
		Assert.isTrue(matcher.matches(),
				() -> "size must be \"WxH\", such as \"768x768\" (docs/epithre-api.md, images), was \"" + size + "\"");
		int width = Integer.parseInt(matcher.group(1));
		int height = Integer.parseInt(matcher.group(2));
		Assert.isTrue(width >= SIDE_STEP && width <= MAX_SIDE && height >= SIDE_STEP && height <= MAX_SIDE,
				() -> "size " + size + " is outside 16x16 to 960x960 (docs/epithre-api.md, images)");
		Assert.isTrue(width % SIDE_STEP == 0 && height % SIDE_STEP == 0, () -> "size " + size
				+ ": each side must be a multiple of 16 (docs/epithre-api.md, images: the server would round it down to "
				+ (width / SIDE_STEP * SIDE_STEP) + "x" + (height / SIDE_STEP * SIDE_STEP) + ")");
	}

	/**
	 * Builder of {@link ImageGenerationRequest}; unset fields are left out and take the server's defaults.
	 */
	public static final class Builder {

		private String model = DEFAULT_MODEL;

		private final String prompt;

		private @Nullable String size;

		private @Nullable Integer n;

		private @Nullable String responseFormat;

		private @Nullable Integer numSteps;

		private @Nullable Long seed;

		private @Nullable Double guidanceScale;

		private @Nullable String lora;

		private @Nullable Double loraStrength;

		private Builder(String prompt) {
			this.prompt = prompt;
		}

		public Builder model(String model) {
			this.model = model;
			return this;
		}

		/**
		 * Set the size as {@code "WxH"}.
		 * @param size such as {@code "768x768"}
		 * @return this builder
		 */
		public Builder size(@Nullable String size) {
			this.size = size;
			return this;
		}

		/**
		 * Set the size.
		 * @param width the width, a multiple of 16 up to 960
		 * @param height the height, a multiple of 16 up to 960
		 * @return this builder
		 */
		public Builder size(int width, int height) {
			return size(width + "x" + height);
		}

		public Builder n(@Nullable Integer n) {
			this.n = n;
			return this;
		}

		public Builder responseFormat(@Nullable String responseFormat) {
			this.responseFormat = responseFormat;
			return this;
		}

		public Builder numSteps(@Nullable Integer numSteps) {
			this.numSteps = numSteps;
			return this;
		}

		public Builder seed(@Nullable Long seed) {
			this.seed = seed;
			return this;
		}

		public Builder guidanceScale(@Nullable Double guidanceScale) {
			this.guidanceScale = guidanceScale;
			return this;
		}

		/**
		 * Set the style adapter.
		 * @param lora one of the {@link Lora} values
		 * @return this builder
		 */
		public Builder lora(@Nullable String lora) {
			this.lora = lora;
			return this;
		}

		public Builder loraStrength(@Nullable Double loraStrength) {
			this.loraStrength = loraStrength;
			return this;
		}

		public ImageGenerationRequest build() {
			return new ImageGenerationRequest(this.model, this.prompt, this.size, this.n, this.responseFormat,
					this.numSteps, this.seed, this.guidanceScale, this.lora, this.loraStrength);
		}

	}

}
