package com.epithre.client.batch;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BatchListTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void listWithoutHasMoreIsReadAsTheLastPage() {
		BatchList list = this.mapper.readValue("{\"object\":\"list\",\"data\":[]}", BatchList.class);
		assertThat(list.hasMore()).isFalse();
		assertThat(this.mapper.readValue("{\"data\":[],\"has_more\":null}", BatchList.class).hasMore()).isFalse();
		assertThat(this.mapper.readValue("{\"data\":[],\"has_more\":true}", BatchList.class).hasMore()).isTrue();
	}

}
