package com.epithre.boot.actuate;

import com.epithre.client.observation.EpithreClientStats.RecentCalls;

/**
 * Whether recent {@code backend_busy} answers make a client {@code DEGRADED}, with separate thresholds to enter and to
 * leave the state so that a share hovering around one threshold does not flap.
 */
final class BackendBusyHysteresis {

	private final EpithreHealthSettings.Degraded settings;

	private boolean degraded;

	BackendBusyHysteresis(EpithreHealthSettings.Degraded settings) {
		this.settings = settings;
	}

	synchronized boolean update(RecentCalls recent) {
		boolean enough = recent.calls() >= this.settings.minCalls();
		double share = recent.backendBusyShare();
		if (this.degraded) {
			this.degraded = enough && share >= this.settings.recoveryThreshold();
		}
		else {
			this.degraded = enough && share >= this.settings.threshold();
		}
		return this.degraded;
	}

	synchronized void reset() {
		this.degraded = false;
	}

}
