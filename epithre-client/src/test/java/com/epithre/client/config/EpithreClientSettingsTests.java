package com.epithre.client.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EpithreClientSettingsTests {

	@Test
	void nonPositiveTimeoutsAreRefusedWithTheirName() {
		EpithreClientSettings defaults = EpithreClientSettings.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withResponseTimeout(Duration.ZERO))
			.withMessage("responseTimeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withStreamIdleTimeout(Duration.ofSeconds(-1)))
			.withMessage("streamIdleTimeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> RequestOptions.none().withTotalTimeout(Duration.ZERO))
			.withMessage("totalTimeout must be positive");
		assertThat(defaults.withTotalTimeout(null).totalTimeout()).isNull();
	}

	@Test
	void durationsLongerThanACenturyAreACenturySoNothingOverflowsNanoseconds() {
		Duration forever = Duration.ofMillis(Long.MAX_VALUE);
		Duration century = Duration.ofDays(100 * 365);
		EpithreClientSettings settings = EpithreClientSettings.defaults()
			.withResponseTimeout(forever)
			.withStreamIdleTimeout(forever)
			.withTotalTimeout(forever);
		assertThat(settings.responseTimeout()).isEqualTo(century);
		assertThat(settings.streamIdleTimeout()).isEqualTo(century);
		assertThat(settings.totalTimeout()).isEqualTo(century);
		RequestOptions options = RequestOptions.none().withResponseTimeout(forever).withTotalTimeout(forever);
		assertThat(options.responseTimeout()).isEqualTo(century);
		assertThat(options.totalTimeout()).isEqualTo(century);
		assertThat(ConcurrencyPolicy.defaults().withMaxWait(forever).maxWait()).isEqualTo(century);
		assertThat(new Backoff(Duration.ofSeconds(1), forever).max()).isEqualTo(century);
		assertThat(settings.withResponseTimeout(Duration.ofSeconds(5)).responseTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void baseUrlLosesItsTrailingSlashAndToStringShowsOnlyTheKeyPrefix() {
		EpithreClientSettings settings = EpithreClientSettings.defaults()
			.withBaseUrl(" http://127.0.0.1:1/v1/ ")
			.withApiKey("esk_live_0123456789abcdefghijklmnopqrstuv");
		assertThat(settings.baseUrl()).isEqualTo("http://127.0.0.1:1/v1");
		assertThat(settings.apiKeyPrefix()).isEqualTo("esk_live_012");
		assertThat(settings).hasToString(settings.toString())
			.asString()
			.contains("apiKey=esk_live_012...")
			.doesNotContain("3456789abcdef");
	}

}
