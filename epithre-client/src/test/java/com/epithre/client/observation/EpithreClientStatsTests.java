package com.epithre.client.observation;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.epithre.client.models.ModelList;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreClientStatsTests {

	@Test
	void resetForgetsWhatCallsRecordedAndKeepsTheCatalogue() {
		EpithreClientStats stats = new EpithreClientStats();
		stats.recordRateLimited("rpm_exceeded");
		stats.recordError("req_1", 429, "rpm_exceeded", "POST /chat/completions");
		stats.recordCall(true);
		stats.recordBulkheadRejection();
		stats.recordCatalogue(new ModelList("list", List.of()));
		stats.reset();
		assertThat(stats.getRateLimitedByCode()).isEmpty();
		assertThat(stats.getRateLimitedByCode(Duration.ofMinutes(15))).isEmpty();
		assertThat(stats.getLastError()).isNull();
		assertThat(stats.getRecentCalls(10, Duration.ofMinutes(1)).calls()).isZero();
		assertThat(stats.getBulkheadRejections()).isZero();
		assertThat(stats.getCatalogue()).isNotNull();
		stats.recordRateLimited("backend_busy");
		assertThat(stats.getRateLimitedByCode()).containsOnlyKeys("backend_busy");
	}

}
