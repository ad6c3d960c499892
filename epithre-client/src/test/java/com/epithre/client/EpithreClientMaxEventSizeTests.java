package com.epithre.client;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import com.epithre.client.config.EpithreClientSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EpithreClientMaxEventSizeTests {

	@Test
	void maxEventSizeIsCopiedByEveryWither() {
		EpithreClientSettings settings = EpithreClientSettings.defaults()
			.withMaxEventSize(DataSize.ofKilobytes(8))
			.withBaseUrl("http://127.0.0.1:1/v1")
			.withIncludeUsage(false);
		assertThat(settings.maxEventSizeBytes()).isEqualTo(8192);
		assertThat(settings.toString()).contains("maxEventSize=8192B");
	}

	@Test
	void maxEventSizeMustBePositiveAndFitAnArray() {
		EpithreClientSettings defaults = EpithreClientSettings.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxEventSize(DataSize.ofBytes(0)))
			.withMessageContaining("maxEventSize must be between 1 byte and");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxEventSize(DataSize.ofGigabytes(2)))
			.withMessageContaining("got 2147483648B");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxEventSize(null))
			.withMessage("maxEventSize must not be null");
	}

}
