package com.epithre.test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake server's {@code POST /v1/images/generations} and {@code POST /v1/images/edits} (docs/epithre-api.md,
 * images),
 * validating as documented and answering a small deterministic PNG as {@code b64_json}. A prompt containing a
 * blocked word is refused with {@code content_policy_violation}, as iris's safety filter does.
 */
final class ImagesEndpoint {

	static final String GENERATIONS_PATH = "/v1/images/generations";

	static final String EDITS_PATH = "/v1/images/edits";

	static final String MODEL = "epithre-iris";

	/** Body limit of the images endpoints (docs/epithre-api.md, limits and timeouts: 50 MB). */
	static final int MAX_BODY_BYTES = 50 * 1024 * 1024;

	/** Words the fake's safety filter refuses by default, matched case-insensitively anywhere in the prompt. */
	static final Set<String> BLOCKED_WORDS = Set.of("deepfake");

	private static final int MAX_PROMPT_CHARACTERS = 2000;

	private static final int MAX_SIDE = 960;

	private static final int SIDE_STEP = 16;

	private static final int DEFAULT_SIDE = 768;

	private static final Set<String> LORAS = Set.of("none", "dark", "anime");

	private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

	private ImagesEndpoint() {
	}

	static DefaultApi.Outcome respond(RecordedRequest request, Set<String> blockedWords) {
		boolean edit = request.path().equals(EDITS_PATH);
		byte[] body = request.rawBody();
		if (body.length > MAX_BODY_BYTES) {
			return DefaultApi.tooLarge(body.length, "50 MB");
		}
		JsonNode json = Json.readTree(body);
		if (json == null || !json.isObject()) {
			return DefaultApi.invalid("Request body is not a valid JSON object");
		}
		DefaultApi.Outcome modelProblem = DefaultApi.checkModel(json, MODEL);
		if (modelProblem != null) {
			return modelProblem;
		}
		JsonNode prompt = json.path("prompt");
		if (!prompt.isString() || prompt.stringValue().isBlank()) {
			return DefaultApi.invalid("Missing required parameter 'prompt'");
		}
		String text = prompt.stringValue();
		if (text.codePointCount(0, text.length()) > MAX_PROMPT_CHARACTERS) {
			return DefaultApi.invalid("'prompt' must be at most 2000 characters");
		}
		int[] size = { DEFAULT_SIDE, DEFAULT_SIDE };
		String problem = edit ? checkEdit(json, size) : checkGeneration(json, size);
		if (problem != null) {
			return DefaultApi.invalid(problem);
		}
		String blocked = blockedWord(text, blockedWords);
		if (blocked != null) {
			// docs/epithre-api.md, images and errors: status and type are not documented (assumed: 400
			// invalid_request_error)
			return new DefaultApi.Outcome(FakeResponse.error(400, "invalid_request_error", "content_policy_violation",
					"Your prompt was rejected by the safety system"), false);
		}
		ObjectNode answer = Json.object();
		answer.put("created", Instant.now().getEpochSecond());
		answer.putArray("data").addObject().put("b64_json", Base64.getEncoder().encodeToString(png(size[0], size[1])));
		return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(answer)), true);
	}

	private static @Nullable String checkGeneration(JsonNode json, int[] size) {
		JsonNode sizeNode = json.path("size");
		if (present(sizeNode)) {
			Matcher matcher = sizeNode.isString() ? SIZE.matcher(sizeNode.stringValue()) : null;
			if (matcher == null || !matcher.matches()) {
				return "'size' must be \"WxH\", such as \"768x768\"";
			}
			int width = Integer.parseInt(matcher.group(1));
			int height = Integer.parseInt(matcher.group(2));
			if (width < SIDE_STEP || height < SIDE_STEP || width > MAX_SIDE || height > MAX_SIDE) {
				return "'size' must be between 16x16 and 960x960";
			}
			// docs/epithre-api.md, images: sides are rounded down to multiples of 16
			size[0] = width / SIDE_STEP * SIDE_STEP;
			size[1] = height / SIDE_STEP * SIDE_STEP;
		}
		JsonNode n = json.path("n");
		if (present(n) && (!n.isIntegralNumber() || n.asLong() != 1)) {
			return "'n' must be 1";
		}
		JsonNode format = json.path("response_format");
		if (present(format) && !(format.isString() && "b64_json".equals(format.stringValue()))) {
			return "'response_format' must be 'b64_json'";
		}
		JsonNode steps = json.path("num_steps");
		if (present(steps) && (!steps.isIntegralNumber() || steps.asLong() < 1 || steps.asLong() > 50)) {
			return "'num_steps' must be an integer between 1 and 50";
		}
		JsonNode seed = json.path("seed");
		if (present(seed) && (!seed.isIntegralNumber() || seed.asLong() < -1)) {
			return "'seed' must be an integer, -1 for random";
		}
		JsonNode guidance = json.path("guidance_scale");
		if (present(guidance) && !guidance.isNumber()) {
			return "'guidance_scale' must be a number";
		}
		JsonNode lora = json.path("lora");
		if (present(lora) && !(lora.isString() && LORAS.contains(lora.stringValue()))) {
			return "'lora' must be one of 'none', 'dark', 'anime'";
		}
		JsonNode strength = json.path("lora_strength");
		if (present(strength)
				&& (!strength.isNumber() || strength.asDouble() < 0.0 || strength.asDouble() > 1.5)) {
			return "'lora_strength' must be between 0.0 and 1.5";
		}
		return null;
	}

	private static @Nullable String checkEdit(JsonNode json, int[] size) {
		JsonNode image = json.path("image");
		if (!image.isString() || image.stringValue().isBlank()) {
			return "Missing required parameter 'image' (one base64 source image)";
		}
		byte[] source;
		try {
			source = Base64.getDecoder().decode(image.stringValue());
		}
		catch (IllegalArgumentException ex) {
			return "'image' is not valid base64";
		}
		if (source.length == 0) {
			return "'image' is empty";
		}
		try {
			BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(source));
			if (decoded != null) {
				size[0] = Math.min(decoded.getWidth(), MAX_SIDE);
				size[1] = Math.min(decoded.getHeight(), MAX_SIDE);
			}
		}
		catch (IOException ex) {
			return "'image' could not be read as an image";
		}
		return null;
	}

	private static boolean present(JsonNode node) {
		return !node.isMissingNode() && !node.isNull();
	}

	private static @Nullable String blockedWord(String prompt, Set<String> blockedWords) {
		String lower = prompt.toLowerCase(Locale.ROOT);
		for (String word : blockedWords) {
			if (lower.contains(word.toLowerCase(Locale.ROOT))) {
				return word;
			}
		}
		return null;
	}

	/**
	 * Draw a deterministic PNG: a gradient that depends only on the size.
	 */
	static byte[] png(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | 0x80);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
