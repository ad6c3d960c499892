package com.epithre.sample;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The application's code talks to Epithre through the client only: the fake server is demo-mode configuration.
 */
class SampleArchitectureTests {

	@Test
	void onlyTheDemoModeConfigurationUsesTheFakeServer() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("com.epithre.sample");
		// ahead-of-time generated code (DemoModeConfiguration__BeanDefinitions), which process-aot leaves in
		// target/classes, is the demo-mode configuration's too
		noClasses().that()
			.haveNameNotMatching("com\\.epithre\\.sample\\.(DemoModeConfiguration|DemoScenario)(__BeanDefinitions)?(\\$.*)?")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.epithre.test..")
			.check(classes);
	}

}
