package com.epithre.client.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(OutputCaptureExtension.class)
class ApiKeysTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	@Test
	void trailingNewlineIsTrimmedWithAWarningThatShowsOnlyThePrefix(CapturedOutput output) {
		assertThat(ApiKeys.normalize(KEY + "\n")).isEqualTo(KEY);
		assertThat(output).contains("esk_test_012...", "trailing newline").doesNotContain(KEY);
	}

	@Test
	void cleanKeyIsKeptWithoutWarning(CapturedOutput output) {
		assertThat(ApiKeys.normalize(KEY)).isEqualTo(KEY);
		assertThat(output).doesNotContain("Epithre API key");
	}

	@Test
	void unknownPrefixWarnsButIsAccepted(CapturedOutput output) {
		assertThat(ApiKeys.normalize("sk-proj-0123456789abcdef")).isEqualTo("sk-proj-0123456789abcdef");
		assertThat(output).contains("does not start with esk_live_ or esk_test_").doesNotContain("0123456789abcdef");
	}

	@Test
	void unknownPrefixWarnsOncePerKeyNotOncePerCheck(CapturedOutput output) {
		for (int i = 0; i < 3; i++) {
			ApiKeys.normalize("xk-once-0123456789abcdef");
		}
		ApiKeys.normalize("xk-other-0123456789abcdef");
		String warning = "does not start with esk_live_ or esk_test_";
		assertThat(output.getAll().split(warning, -1)).as("two keys, two warnings").hasSize(3);
		assertThat(output).contains("xk-once-0123...", "xk-other-012...");
	}

	@Test
	void innerWhitespaceAndBearerPrefixAreRejectedWithoutShowingTheKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.normalize("esk_test_0123 456789abcdef"))
			.withMessageContaining("whitespace inside")
			.withMessageNotContaining("456789abcdef");
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.normalize("Bearer " + KEY))
			.withMessageContaining("without the 'Bearer ' prefix")
			.withMessageNotContaining(KEY);
	}

	@Test
	void blankKeyMeansNoKey() {
		assertThat(ApiKeys.normalize("  \n")).isNull();
		assertThat(ApiKeys.normalize(null)).isNull();
	}

	@Test
	void prefixShowsAtMostTwelveCharactersAndNeverAWholeShortKey() {
		assertThat(ApiKeys.prefix(KEY)).isEqualTo("esk_test_012").hasSize(12);
		assertThat(ApiKeys.prefix("shortkey")).isEqualTo("shor");
	}

}
