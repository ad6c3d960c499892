package com.epithre.client.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code Observation} of an Epithre operation; define one as a bean (or give it to
 * {@code EpithreClient.Builder#observationConvention}) to replace {@link DefaultEpithreObservationConvention},
 * usually by extending it.
 *
 * @since 0.1.0
 */
public interface EpithreObservationConvention extends ObservationConvention<EpithreObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof EpithreObservationContext;
	}

}
