package com.epithre.test;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake server's {@code /v1/webhooks} (docs/epithre-api.md, webhooks) and its deliveries: a batch reaching a
 * terminal status
 * is POSTed, signed with each subscribed webhook's secret, to its URL; the outcome shows in {@code last_delivery_at}
 * and {@code last_error}. URLs must be HTTPS and not private, loopback or reserved, unless loopback is allowed for
 * tests, when {@code http://127.0.0.1} is accepted too. Failed deliveries are not retried.
 */
final class WebhooksEndpoint {

	static final String PATH = "/v1/webhooks";

	static final Set<String> EVENTS = Set.of("batch.completed", "batch.failed");

	private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

	private final Map<String, StoredWebhook> webhooks = new LinkedHashMap<>();

	private volatile boolean allowLoopback;

	private volatile @Nullable String fixedSecret;

	void allowLoopback(boolean allowLoopback) {
		this.allowLoopback = allowLoopback;
	}

	void fixedSecret(@Nullable String secret) {
		this.fixedSecret = secret;
	}

	synchronized void reset() {
		this.webhooks.clear();
		this.allowLoopback = false;
		this.fixedSecret = null;
	}

	DefaultApi.Outcome respond(RecordedRequest request) {
		String method = request.method();
		String path = request.path();
		if ("POST".equals(method) && path.equals(PATH)) {
			return register(request);
		}
		if ("GET".equals(method) && path.equals(PATH)) {
			return list();
		}
		if ("DELETE".equals(method) && path.startsWith(PATH + "/")) {
			String id = path.substring(PATH.length() + 1);
			StoredWebhook removed;
			synchronized (this) {
				removed = this.webhooks.remove(id);
			}
			if (removed == null) {
				return new DefaultApi.Outcome(FakeResponse.error(404, "invalid_request_error", "webhook_not_found",
						"No such webhook: '" + id + "'"), false);
			}
			ObjectNode answer = Json.object().put("id", id).put("object", "webhook").put("deleted", true);
			return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(answer)), false);
		}
		return new DefaultApi.Outcome(FakeResponse.notFound("Unknown request URL: " + method + " " + path), false);
	}

	private DefaultApi.Outcome register(RecordedRequest request) {
		JsonNode json = Json.readTree(request.rawBody());
		if (json == null || !json.isObject()) {
			return DefaultApi.invalid("Request body is not a valid JSON object");
		}
		String url = json.path("url").asString("");
		String problem = urlProblem(url);
		if (problem != null) {
			return DefaultApi.invalid(problem);
		}
		JsonNode events = json.path("events");
		if (!events.isArray() || events.isEmpty()) {
			return DefaultApi.invalid("'events' must be a non-empty array of batch.completed, batch.failed");
		}
		List<String> names = new ArrayList<>();
		for (JsonNode event : events) {
			if (!event.isString() || !EVENTS.contains(event.stringValue())) {
				return DefaultApi.invalid("Unknown event " + event + ": only batch.completed, batch.failed");
			}
			names.add(event.stringValue());
		}
		String description = json.path("description").isString() ? json.path("description").stringValue() : null;
		String fixed = this.fixedSecret;
		StoredWebhook webhook = new StoredWebhook("wh-" + Ids.random(24), url, List.copyOf(names), description,
				(fixed != null) ? fixed : "whsec_" + Ids.secret(32));
		synchronized (this) {
			this.webhooks.put(webhook.id, webhook);
		}
		ObjectNode answer = json(webhook);
		answer.put("secret", webhook.secret);
		return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(answer)), false);
	}

	private @Nullable String urlProblem(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return "'url' is not a valid URL";
		}
		String scheme = uri.getScheme();
		String host = uri.getHost();
		if (host == null || scheme == null) {
			return "'url' must be an absolute HTTPS URL";
		}
		boolean loopback = isLoopbackLiteral(host);
		if (this.allowLoopback && loopback && ("http".equals(scheme) || "https".equals(scheme))) {
			return null;
		}
		if (!"https".equals(scheme)) {
			return "'url' must use HTTPS";
		}
		if (loopback || "localhost".equalsIgnoreCase(host) || isPrivateLiteral(host)) {
			return "'url' must be publicly reachable: private, loopback and reserved addresses are refused";
		}
		return null;
	}

	private static boolean isLoopbackLiteral(String host) {
		InetAddress address = literal(host);
		return address != null && address.isLoopbackAddress();
	}

	private static boolean isPrivateLiteral(String host) {
		InetAddress address = literal(host);
		return address != null && (address.isSiteLocalAddress() || address.isLinkLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress());
	}

	private static @Nullable InetAddress literal(String host) {
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
			return null;
		}
		try {
			// a literal address is parsed, never resolved
			return InetAddress.getByName(bare);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private DefaultApi.Outcome list() {
		ObjectNode answer = Json.object().put("object", "list");
		ArrayNode data = answer.putArray("data");
		synchronized (this) {
			for (StoredWebhook webhook : this.webhooks.values()) {
				data.add(json(webhook));
			}
		}
		return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(answer)), false);
	}

	private static ObjectNode json(StoredWebhook webhook) {
		ObjectNode json = Json.object().put("id", webhook.id).put("object", "webhook").put("url", webhook.url);
		ArrayNode events = json.putArray("events");
		webhook.events.forEach(events::add);
		json.put("description", webhook.description);
		json.put("status", "active");
		synchronized (webhook) {
			json.put("last_delivery_at", webhook.lastDeliveryAt);
			json.put("last_error", webhook.lastError);
		}
		return json;
	}

	/**
	 * Deliver an event about a batch to every webhook subscribed to it, in the background.
	 * @param event the event name
	 * @param data the batch fields of the body
	 */
	void batchEvent(String event, ObjectNode data) {
		List<StoredWebhook> targets = new ArrayList<>();
		synchronized (this) {
			for (StoredWebhook webhook : this.webhooks.values()) {
				if (webhook.events.contains(event)) {
					targets.add(webhook);
				}
			}
		}
		String body = body(event, Instant.now().getEpochSecond(), Json.write(data));
		for (StoredWebhook webhook : targets) {
			post(webhook.url, webhook.secret, event, body).subscribe((status) -> webhook.delivered(
					(status >= 200 && status < 300) ? null : "Endpoint answered HTTP " + status),
					(ex) -> webhook.delivered("Delivery failed: " + ex.getClass().getSimpleName()));
		}
	}

	static String body(String event, long created, String dataJson) {
		return "{\"event\":" + Json.quote(event) + ",\"created\":" + created + ",\"data\":" + dataJson + "}";
	}

	/**
	 * POST a signed delivery.
	 * @return the status the endpoint answered
	 */
	static Mono<Integer> post(String url, String secret, String event, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		long timestamp = Instant.now().getEpochSecond();
		String signature = "t=" + timestamp + ",v1=" + sign(secret, timestamp, bytes);
		return HttpClient.newConnection()
			.responseTimeout(DELIVERY_TIMEOUT)
			.headers((headers) -> headers.set("Content-Type", "application/json")
				.set("User-Agent", "Epithre-Webhooks/1.0")
				.set("Epithre-Event", event)
				.set("Epithre-Signature", signature))
			.post()
			.uri(url)
			.send(ByteBufFlux.fromString(Mono.just(body)))
			.responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
			.timeout(DELIVERY_TIMEOUT);
	}

	static String sign(String secret, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A registered webhook; delivery fields guarded by its own monitor.
	 */
	static final class StoredWebhook {

		final String id;

		final String url;

		final List<String> events;

		final @Nullable String description;

		final String secret;

		@Nullable String lastDeliveryAt;

		@Nullable String lastError;

		StoredWebhook(String id, String url, List<String> events, @Nullable String description, String secret) {
			this.id = id;
			this.url = url;
			this.events = events;
			this.description = description;
			this.secret = secret;
		}

		synchronized void delivered(@Nullable String error) {
			this.lastDeliveryAt = Instant.now().toString();
			this.lastError = error;
		}

	}

}
