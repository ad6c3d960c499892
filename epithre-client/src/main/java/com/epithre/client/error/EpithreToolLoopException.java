package com.epithre.client.error;

/**
 * A tool loop could not finish: the model called a function that was not given, or still called tools after the
 * allowed number of steps.
 *
 * @since 0.1.0
 */
public class EpithreToolLoopException extends EpithreException {

	private static final long serialVersionUID = 1L;

	public EpithreToolLoopException(String message) {
		super(message, null, null);
	}

}
