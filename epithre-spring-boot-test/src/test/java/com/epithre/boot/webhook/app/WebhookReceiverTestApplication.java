package com.epithre.boot.webhook.app;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import com.epithre.boot.webhook.EpithreWebhookEvent;

/**
 * An application receiving Epithre webhooks, for the receiver tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WebhookReceiverTestApplication {

	@Bean
	ReceivedEvents receivedEvents() {
		return new ReceivedEvents();
	}

	/**
	 * Collects every published webhook event.
	 */
	public static class ReceivedEvents {

		private final BlockingQueue<EpithreWebhookEvent> events = new LinkedBlockingQueue<>();

		@EventListener
		void on(EpithreWebhookEvent event) {
			this.events.add(event);
		}

		public BlockingQueue<EpithreWebhookEvent> events() {
			return this.events;
		}

	}

}
