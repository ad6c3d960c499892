package com.epithre.sample;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.epithre.client.error.EpithreException;

/**
 * Answers a failed Epithre call of a JSON endpoint with 502 and what the failure means ({@link ErrorExplanation}),
 * keeping the exception itself for the log.
 */
@RestControllerAdvice
class EpithreErrorHandler {

	private static final Log logger = LogFactory.getLog(EpithreErrorHandler.class);

	@ExceptionHandler(EpithreException.class)
	ResponseEntity<Map<String, Object>> epithreFailed(EpithreException ex) {
		logger.warn("Epithre call failed: " + ex.getMessage());
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(ErrorExplanation.of(ex).toMap());
	}

}
