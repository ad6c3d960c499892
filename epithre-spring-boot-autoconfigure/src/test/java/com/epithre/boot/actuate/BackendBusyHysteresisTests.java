package com.epithre.boot.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.epithre.client.observation.EpithreClientStats.RecentCalls;

import static org.assertj.core.api.Assertions.assertThat;

class BackendBusyHysteresisTests {

	private final BackendBusyHysteresis hysteresis = new BackendBusyHysteresis(
			new EpithreHealthSettings.Degraded(20, Duration.ofMinutes(1), 5, 0.5, 0.2));

	@Test
	void fewCallsNeverDegradeWhateverTheirShare() {
		assertThat(this.hysteresis.update(new RecentCalls(4, 4))).isFalse();
	}

	@Test
	void degradesAtTheThresholdAndRecoversOnlyBelowTheRecoveryThreshold() {
		assertThat(this.hysteresis.update(new RecentCalls(10, 4))).isFalse();
		assertThat(this.hysteresis.update(new RecentCalls(10, 5))).isTrue();
		assertThat(this.hysteresis.update(new RecentCalls(10, 4))).as("between the thresholds it stays").isTrue();
		assertThat(this.hysteresis.update(new RecentCalls(10, 2))).as("0.2 is not below 0.2").isTrue();
		assertThat(this.hysteresis.update(new RecentCalls(10, 1))).isFalse();
		assertThat(this.hysteresis.update(new RecentCalls(10, 4))).as("between the thresholds it stays up").isFalse();
	}

	@Test
	void recoversWhenTrafficDriesUp() {
		assertThat(this.hysteresis.update(new RecentCalls(6, 6))).isTrue();
		assertThat(this.hysteresis.update(new RecentCalls(2, 2))).isFalse();
	}

}
