package com.epithre.sample;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;

/**
 * In demo mode, streams one reply to the console at start-up so a newcomer sees the client work at once.
 */
@Component
class StartupDemo implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(StartupDemo.class);

	private final EpithreClient epithre;

	private final ObjectProvider<DemoMode> demoMode;

	private final ApplicationContext context;

	StartupDemo(EpithreClient epithre, ObjectProvider<DemoMode> demoMode, ApplicationContext context) {
		this.epithre = epithre;
		this.demoMode = demoMode;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		DemoMode mode = this.demoMode.getIfAvailable();
		if (mode == null || !mode.enabled()) {
			return;
		}
		StringBuilder line = new StringBuilder();
		ChatCompletionRequest request = ChatCompletionRequest.builder(ChatController.MODEL)
			.user("Say hello to a new Epithre user")
			.build();
		this.epithre.chat().stream(request).map(ChatCompletionChunk::text).doOnNext((token) -> {
			System.out.print(token);
			System.out.flush();
			line.append(token);
		}).then().block(Duration.ofSeconds(30));
		System.out.println();
		int port = (this.context instanceof WebServerApplicationContext web) ? web.getWebServer().getPort() : 8080;
		logger.info("Streamed a demo reply of " + line.length() + " characters. Open http://localhost:" + port
				+ "/ to chat, or: curl -N 'http://localhost:" + port + "/api/chat/stream?prompt=Hello'");
	}

}
