package com.epithre.client.chat;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The victools generator set up for strict structured output (docs/epithre-api.md, structured output): every field
 * required, no
 * additional properties, {@code @JsonProperty} names, no {@code $schema} keyword. Package-private so that Jackson
 * databind stays out of the public chat types.
 */
final class TypeSchemas {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final SchemaGenerator GENERATOR = generator();

	private TypeSchemas() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> generate(Type type) {
		ObjectNode schema = GENERATOR.generateSchema(type);
		return MAPPER.convertValue(schema, LinkedHashMap.class);
	}

	private static SchemaGenerator generator() {
		SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(MAPPER, SchemaVersion.DRAFT_2020_12,
				OptionPreset.PLAIN_JSON)
			.with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
			.without(Option.SCHEMA_VERSION_INDICATOR);
		builder.forFields().withRequiredCheck((field) -> true);
		builder.forFields().withPropertyNameOverrideResolver(TypeSchemas::jsonPropertyName);
		return new SchemaGenerator(builder.build());
	}

	private static @Nullable String jsonPropertyName(FieldScope field) {
		JsonProperty property = field.getAnnotationConsideringFieldAndGetter(JsonProperty.class);
		return (property != null && !property.value().isEmpty()) ? property.value() : null;
	}

}
