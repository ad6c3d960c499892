package com.epithre.client.chat;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ImagePartsTests {

	private static final byte[] GIF = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0 };

	private static final byte[] WEBP = { 'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P' };

	private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0 };

	@Test
	void classpathResourceBecomesADataUriBlock() throws IOException {
		byte[] png = new ClassPathResource("images/pixel.png").getContentAsByteArray();
		StepVerifier.create(ImageParts.of(new ClassPathResource("images/pixel.png"))).assertNext((part) -> {
			assertThat(part.type()).isEqualTo(ContentPart.IMAGE_URL);
			assertThat(part.imageUrl().url())
				.isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
		}).expectComplete().verify(Duration.ofSeconds(5));
	}

	@Test
	void resourceWithoutAKnownNameIsTypedFromItsBytes() {
		StepVerifier.create(ImageParts.of(new ByteArrayResource(WEBP)))
			.assertNext((part) -> assertThat(part.imageUrl().url()).startsWith("data:image/webp;base64,"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void bytesAreTypedFromTheirLeadingBytes() {
		assertThat(ImageParts.of(GIF).imageUrl().url()).startsWith("data:image/gif;base64,");
		assertThat(ImageParts.of(JPEG).imageUrl().url()).startsWith("data:image/jpeg;base64,");
		assertThat(ImageParts.of(JPEG, "IMAGE/JPEG").imageUrl().url()).startsWith("data:image/jpeg;base64,");
	}

	@Test
	void unsupportedMediaTypesAreRefusedNamingTheAcceptedOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> ImageParts.of(JPEG, "image/bmp"))
			.withMessageContaining("image/bmp")
			.withMessageContaining("PNG, JPEG, WebP or GIF")
			.withMessageContaining("docs/epithre-api.md, chat");
		assertThatIllegalArgumentException().isThrownBy(() -> ImageParts.of(new byte[] { 'B', 'M', 0, 0 }))
			.withMessageContaining("PNG, JPEG, WebP or GIF");
		StepVerifier.create(ImageParts.of(new ClassPathResource("images/not-an-image.bmp")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("not-an-image.bmp")
				.hasMessageContaining("PNG, JPEG, WebP or GIF"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void imagesOverTwentyMegabytesAreRefusedNamingTheLimit() {
		byte[] large = new byte[ImageParts.MAX_IMAGE_BYTES + 1];
		System.arraycopy(JPEG, 0, large, 0, JPEG.length);
		assertThatIllegalArgumentException().isThrownBy(() -> ImageParts.of(large, "image/jpeg"))
			.withMessageContaining("20 MB")
			.withMessageContaining("docs/epithre-api.md, chat");
		StepVerifier.create(ImageParts.of(new ByteArrayResource(large)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("20 MB"))
			.verify(Duration.ofSeconds(5));
		byte[] limit = new byte[ImageParts.MAX_IMAGE_BYTES];
		System.arraycopy(JPEG, 0, limit, 0, JPEG.length);
		assertThat(ImageParts.of(limit).imageUrl().url()).startsWith("data:image/jpeg;base64,");
	}

}
