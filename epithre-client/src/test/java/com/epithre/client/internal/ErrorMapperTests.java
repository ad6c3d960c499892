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
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreErrorDetails;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreQuotaException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreStreamErrorEventException;

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
	@CsvSource({ "400, invalid_request_error, model_not_found", "400, invalid_request_error, tos_required",
			"400, invalid_request_error, content_policy_violation", "400, invalid_request_error, email_not_verified",
			"401, authentication_error, authentication_error", "402, insufficient_quota, insufficient_quota",
			"402, insufficient_quota, monthly_cap_exceeded",
			"403, permission_error, email_not_verified", "403, permission_error, account_suspended",
			"403, permission_error, permission_error", "404, invalid_request_error, not_found",
			"413, request_too_large, request_too_large", "413, invalid_request_error, request_too_large",
			"422, invalid_request_error, invalid_request_error", "429, rate_limit_error, rpm_exceeded",
			"429, rate_limit_error, something_new", "500, backend_error, backend_error",
			"503, backend_unavailable, backend_unavailable", "504, backend_timeout, backend_timeout" })
	void errorEventInAStreamIsTypedAsTheSameEnvelopeWithItsHttpStatus(int status, String type, String code) {
		EpithreApiException overHttp = map(status, envelope(type, code, "boom"), "req_1", null);
		EpithreApiException inStream = ErrorMapper.fromStreamEvent(new ErrorEnvelope.Body("boom", type, code, null),
				"req_1", null, "POST /chat/completions");
		assertThat(inStream).isInstanceOf(overHttp.getClass());
		assertThat(inStream.getStatusCode()).isEqualTo(status);
		assertThat(inStream.isRetryable()).isEqualTo(overHttp.isRetryable());
	}

	@Test
	void monthlyCapInAStreamIsAQuotaErrorWhateverItsType() {
		// over HTTP it comes as a 402 or as a 429; without a status the documented 402 stands
		EpithreApiException error = ErrorMapper.fromStreamEvent(
				new ErrorEnvelope.Body("cap", "rate_limit_error", "monthly_cap_exceeded", null), "req_1", null,
				"POST /chat/completions");
		assertThat(error).isInstanceOf(EpithreQuotaException.class);
		assertThat(error.getStatusCode()).isEqualTo(402);
		assertThat(error.isRetryable()).isFalse();
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
	void retryAfterBeyondADayOrBeyondALongIsADayAndTheErrorStaysTyped() {
		Instant now = Instant.parse("2026-11-25T10:00:00Z");
		assertThat(ErrorMapper.parseRetryAfter("90000", now)).isEqualTo(Duration.ofDays(1));
		assertThat(ErrorMapper.parseRetryAfter("10000000000000000", now)).isEqualTo(Duration.ofDays(1));
		assertThat(ErrorMapper.parseRetryAfter("99999999999999999999", now)).isEqualTo(Duration.ofDays(1));
		assertThat(ErrorMapper.parseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", now)).isEqualTo(Duration.ofDays(1));
		EpithreApiException error = map(429, envelope("rate_limit_error", "rpm_exceeded", "slow down"), "req_1",
				"10000000000000000");
		assertThat(error).isInstanceOf(EpithreRateLimitException.class);
		assertThat(error.getRetryAfter()).isEqualTo(Duration.ofDays(1));
		assertThat(error.getMessage()).contains("[retry after 86400000 ms]", "slow down");
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

	@Test
	void numericCodeKeepsItsText() {
		EpithreApiException error = map(400,
				"{\"error\":{\"message\":\"bad temperature\",\"type\":\"invalid_request_error\",\"code\":400,"
						+ "\"param\":\"temperature\"}}",
				"req_2", null);
		assertThat(error).isInstanceOf(EpithreBadRequestException.class);
		assertThat(error.getCode()).isEqualTo("400");
		assertThat(error.getParam()).isEqualTo("temperature");
		assertThat(error.getErrorMessage()).isEqualTo("bad temperature");
		assertThat(error.getMessage()).contains("HTTP 400 400 (invalid_request_error)", "[param temperature]");
	}

	@Test
	void bodyIsKeptVerbatimAndBoundedTo16KiB() {
		String envelope = "{\"error\": {\"message\": \"pay\", \"type\": \"insufficient_quota\"}}\n";
		assertThat(map(402, envelope, null, null).getBody()).isEqualTo(envelope);
		assertThat(map(503, "", null, null).getBody()).isEmpty();
		String big = "<p>" + "\u00e9".repeat(EpithreErrorDetails.MAX_BODY_BYTES) + "</p>";
		String body = map(502, big, null, null).getBody();
		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(EpithreErrorDetails.MAX_BODY_BYTES)
			.hasSizeGreaterThan(EpithreErrorDetails.MAX_BODY_BYTES - 2);
		assertThat(big).startsWith(body);
		assertThat(body).doesNotContain("\uFFFD");
	}

	@Test
	void jsonBodyWithoutEnvelopeIsLabelledAsJson() {
		EpithreApiException error = map(429, "{\"detail\": \"slow down\"}", null, null);
		assertThat(error).isInstanceOf(EpithreRateLimitException.class);
		assertThat(error.getErrorMessage()).isEqualTo("JSON body without an error envelope: {\"detail\": \"slow down\"}");
		assertThat(map(502, "{\"detail\": oops", null, null).getErrorMessage())
			.isEqualTo("non-JSON body: {\"detail\": oops");
		assertThat(map(502, "Bad Gateway", null, null).getErrorMessage()).isEqualTo("non-JSON body: Bad Gateway");
	}

	@Test
	void errorThatIsOnlyAStringIsTheMessage() {
		EpithreApiException error = map(400, "{\"error\":\"model is required\"}", null, null);
		assertThat(error).isInstanceOf(EpithreBadRequestException.class);
		assertThat(error.getErrorMessage()).isEqualTo("model is required");
		assertThat(error.getCode()).isNull();
	}

	@ParameterizedTest
	@CsvSource(nullValues = "null", value = { "invalid_request_error, null, 400, EpithreBadRequestException",
			"null, 400, 400, EpithreBadRequestException", "backend_error, 422, 422, EpithreUnprocessableException",
			"error, 404, 404, EpithreNotFoundException", "null, rpm_exceeded, 429, EpithreRateLimitException",
			"null, concurrency_exceeded, 429, EpithreRateLimitException",
			"null, backend_busy, 429, EpithreRateLimitException", "null, model_not_found, 400, EpithreBadRequestException",
			"rate_limit_error, 500, 429, EpithreRateLimitException", "null, 503, 503, EpithreServerException",
			"null, 302, 500, EpithreServerException", "null, 12345, 500, EpithreServerException",
			"null, null, 500, EpithreServerException", "backend_error, backend_error, 500, EpithreServerException" })
	void streamErrorEventStatusComesFromTypeAndCodeAndNeverTurnsA4xxInto500(String type, String code, int status, String expectedType) {
		Object wireCode = (code != null && code.chars().allMatch(Character::isDigit)) ? Integer.valueOf(code) : code;
		EpithreApiException error = ErrorMapper.fromStreamEvent(new ErrorEnvelope.Body("boom", type, wireCode, null),
				"req_9", null, "POST /chat/completions");
		assertThat(error.getStatusCode()).isEqualTo(status);
		assertThat(error.getClass().getSimpleName()).isEqualTo(expectedType);
		assertThat(error.getCode()).isEqualTo(code);
	}

	@Test
	void badRequestErrorEventIsNotRetryableAndSaysItCameInAStream() {
		byte[] data = "{\"error\":{\"message\":\"too long\",\"type\":\"error\",\"code\":400}}"
			.getBytes(StandardCharsets.UTF_8);
		EpithreApiException error = ErrorMapper.fromStreamEvent(ErrorMapper.readEnvelope(data, this.json), data,
				"req_9", "esk_test_abc", "POST /chat/completions");
		assertThat(error).isInstanceOf(EpithreBadRequestException.class);
		assertThat(error.isRetryable()).isFalse();
		assertThat(error.getErrorMessage()).isEqualTo("too long");
		assertThat(error.getMessage()).contains("HTTP 400", "too long (error event in a 200 stream)", "req_9");
		assertThat(error.getBody()).isEqualTo(new String(data, StandardCharsets.UTF_8));
	}

	@Test
	void plainTextErrorEventBecomesAStreamErrorEvent() {
		EpithreException error = ErrorMapper.fromPlainErrorEvent("upstream overloaded\n", "req_7", "esk_test_abc",
				"POST /chat/completions");
		assertThat(error).isInstanceOf(EpithreStreamErrorEventException.class);
		assertThat(error.getRequestId()).isEqualTo("req_7");
		EpithreApiException api = ((EpithreStreamErrorEventException) error).getApiError();
		assertThat(api).isInstanceOf(EpithreServerException.class);
		assertThat(api.getStatusCode()).isEqualTo(500);
		assertThat(api.getErrorMessage()).isEqualTo("upstream overloaded");
		assertThat(api.getBody()).isEqualTo("upstream overloaded\n");
		assertThat(api.getCode()).isNull();
		assertThat(error.getMessage()).contains("upstream overloaded", "error event in a 200 stream", "req_7",
				"esk_test_abc...");
	}

	@Test
	void oldDetailsConstructorLeavesParamAndBodyUnset() {
		EpithreErrorDetails details = new EpithreErrorDetails(500, null, null, "boom", null, null, null, "GET /models",
				null);
		assertThat(details.param()).isNull();
		assertThat(details.body()).isNull();
		assertThat(new EpithreServerException(details).getBody()).isNull();
	}

	private EpithreApiException map(int status, String body, String requestId, String retryAfter) {
		return ErrorMapper.fromResponse(status, body.getBytes(StandardCharsets.UTF_8), requestId, retryAfter,
				"esk_test_abc", "POST /chat/completions", this.json);
	}

	private static String envelope(String type, String code, String message) {
		return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":\"" + code + "\"}}";
	}

}
