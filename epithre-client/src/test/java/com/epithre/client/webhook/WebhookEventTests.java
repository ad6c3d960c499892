package com.epithre.client.webhook;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookEventTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void deliveryWithoutCreatedIsReadWithZero() {
		WebhookEvent event = this.mapper.readValue("{\"event\":\"batch.completed\",\"data\":{\"id\":\"batch_1\"}}",
				WebhookEvent.class);
		assertThat(event.event()).isEqualTo(WebhookEvent.BATCH_COMPLETED);
		assertThat(event.created()).isZero();
		assertThat(this.mapper.readValue("{\"event\":\"x\",\"created\":1700000000}", WebhookEvent.class).created())
			.isEqualTo(1700000000L);
	}

}
