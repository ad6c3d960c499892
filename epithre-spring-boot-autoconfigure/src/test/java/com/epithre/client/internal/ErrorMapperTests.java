package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.ExchangeStrategies;

import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreAuthenticationException;
import com.epithre.client.error.EpithreQuotaException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreServerException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMapperTests {

	private final JsonReader json = JsonReader.from(ExchangeStrategies.withDefaults());

	@ParameterizedTest
	@CsvSource({ "400, invalid_request_error, model_not_found, EpithreBadRequestException",
			"400, invalid_request_error, content_policy_violation, EpithreBadRequestException",
			"400, invalid_request_error, email_not_verified, EpithreBadRequestException",
			"401, authentication_error, authentication_error, EpithreAuthenticationException",
			"402, insufficient_quota, insufficient_quota, EpithreQuotaException",
			"402, insufficient_quota, monthly_cap_exceeded, EpithreQuotaException",
			"429, rate_limit_error, monthly_cap_exceeded, EpithreQuotaException",
			"403, permission_error, email_not_verified, EpithrePermissionException",
			"403, permission_error, account_suspended, EpithrePermissionException",
			"404, invalid_request_error, not_found, EpithreNotFoundException",
			"413, request_too_large, request_too_large, EpithreRequestTooLargeException",
			"422, invalid_request_error, invalid_request_error, EpithreUnprocessableException",
			"429, rate_limit_error, rpm_exceeded, EpithreRateLimitException",
			"429, rate_limit_error, something_new, EpithreRateLimitException",
			"500, backend_error, backend_error, EpithreServerException",
			"502, backend_error, backend_error, EpithreServerException",
			"503, backend_unavailable, backend_unavailable, EpithreServerException",
			"504, backend_timeout, backend_timeout, EpithreServerException",
			"418, teapot, teapot, EpithreUnexpectedStatusException" })
	void classifiesByCodeThenStatus(int status, String type, String code, String expectedType) {
		EpithreApiException error = map(status, envelope(type, code, "boom"), "req_1", null);
		assertThat(error.getClass().getSimpleName()).isEqualTo(expectedType);
		assertThat(error.getStatusCode()).isEqualTo(status);
		assertThat(error.getType()).isEqualTo(type);
		assertThat(error.getCode()).isEqualTo(code);
		assertThat(error.getErrorMessage()).isEqualTo("boom");
		assertThat(error.getRequestId()).isEqualTo("req_1");
	}

	@ParameterizedTest
	@CsvSource({ "rpm_exceeded, RPM, true", "rpd_exceeded, RPD, false", "concurrency_exceeded, CONCURRENCY, true",
			"backend_busy, BACKEND_BUSY, true", "weird, OTHER, true" })
	void rateLimitReasonFollowsTheCode(String code, EpithreRateLimitException.Reason reason, boolean retryable) {
		EpithreRateLimitException error = (EpithreRateLimitException) map(429,
				envelope("rate_limit_error", code, "slow down"), null, "2");
		assertThat(error.getReason()).isEqualTo(reason);
		assertThat(error.isRetryable()).isEqualTo(retryable);
		assertThat(error.getRetryAfter()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void messageNamesStatusCodeRequestIdAndKeyPrefixButNeverTheKey() {
		EpithreApiException error = map(401, envelope("authentication_error", "authentication_error", "Invalid key"),
				"req_abc", null);
		assertThat(error).isInstanceOf(EpithreAuthenticationException.class);
		assertThat(error.getMessage()).contains("POST /chat/completions", "HTTP 401", "authentication_error",
				"Invalid key", "req_abc", "esk_test_abc...");
		assertThat(error.getMessage()).doesNotContain("esk_test_abcdefghijklmnopqrstuvwxyz012345");
	}

	@Test
	void htmlBodyFromAProxyGivesATypedErrorWithASnippet() {
		String html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
				+ "</center><hr><center>nginx</center>" + "<!-- padding -->".repeat(50) + "</body></html>";
		EpithreApiException error = map(502, html, null, null);
		assertThat(error).isInstanceOf(EpithreServerException.class);
		assertThat(error.getCode()).isNull();
		assertThat(error.getErrorMessage()).startsWith("non-JSON body: <html><head><title>502 Bad Gateway")
			.endsWith("...")
			.hasSizeLessThan(ErrorMapper.SNIPPET_LENGTH + 30);
		assertThat(error.getMessage()).contains("HTTP 502", "request id none");
	}

	@Test
	void emptyAndUnrelatedJsonBodiesStillClassifyByStatus() {
		assertThat(map(503, "", null, null)).isInstanceOf(EpithreServerException.class)
			.extracting(EpithreApiException::getErrorMessage)
			.isEqualTo("(empty body)");
		assertThat(map(429, "{\"detail\":\"x\"}", null, null)).isInstanceOf(EpithreRateLimitException.class);
		assertThat(map(402, "{\"error\":{\"message\":\"pay\",\"type\":\"insufficient_quota\",\"param\":null}}", null,
				null))
			.isInstanceOf(EpithreQuotaException.class);
	}

	@Test
	void chatRequestTooLargeNamesTheBodyLimitConflict() {
		EpithreApiException error = map(413, envelope("request_too_large", "request_too_large", "Body too large"),
				null, null);
		assertThat(error.getMessage()).contains("1 MB", "20 MB");
	}

	@Test
	void retryAfterAcceptsSecondsAndHttpDates() {
		Instant now = Instant.parse("2026-11-25T10:00:00Z");
		assertThat(ErrorMapper.parseRetryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
		assertThat(ErrorMapper.parseRetryAfter("Wed, 25 Nov 2026 10:00:30 GMT", now))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(ErrorMapper.parseRetryAfter("Wed, 25 Nov 2026 09:00:00 GMT", now)).isEqualTo(Duration.ZERO);
		assertThat(ErrorMapper.parseRetryAfter("soon", now)).isNull();
		assertThat(ErrorMapper.parseRetryAfter("-3", now)).isNull();
		assertThat(ErrorMapper.parseRetryAfter(null, now)).isNull();
	}

	@Test
	void streamErrorEventIsClassifiedFromItsTypeAndCode() {
		ErrorEnvelope.Body busy = new ErrorEnvelope.Body("busy", "rate_limit_error", "backend_busy", null);
		assertThat(ErrorMapper.fromStreamEvent(busy, "req_9", null, "POST /chat/completions"))
			.isInstanceOf(EpithreRateLimitException.class)
			.extracting(EpithreApiException::getStatusCode)
			.isEqualTo(429);
		ErrorEnvelope.Body backend = new ErrorEnvelope.Body("boom", "backend_error", "backend_error", null);
		assertThat(ErrorMapper.fromStreamEvent(backend, "req_9", null, "POST /chat/completions"))
			.isInstanceOf(EpithreServerException.class);
	}

	private EpithreApiException map(int status, String body, String requestId, String retryAfter) {
		return ErrorMapper.fromResponse(status, body.getBytes(StandardCharsets.UTF_8), requestId, retryAfter,
				"esk_test_abc", "POST /chat/completions", this.json);
	}

	private static String envelope(String type, String code, String message) {
		return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":\"" + code + "\"}}";
	}

}
