package com.epithre.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Sample application: a streaming chat page and endpoints on top of the auto-configured {@code EpithreClient}.
 * Without {@code EPITHRE_API_KEY} it talks to an embedded fake Epithre server.
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
