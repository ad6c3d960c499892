package com.epithre;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.epithre");

	@Test
	void clientDoesNotDependOnSpringBoot() {
		noClasses().that()
			.resideInAPackage("com.epithre.client..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot..", "com.epithre.boot..")
			.check(CLASSES);
	}

	@Test
	void packagesHaveNoCycles() {
		// every package is a slice of its own, the root package com.epithre.client included
		slices().matching("com.epithre.(**)").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void theInternalPackageOnlyOpensTheClientsServices() {
		classes().that()
			.resideInAPackage("com.epithre.client.internal")
			.and()
			.arePublic()
			.should()
			.haveSimpleName("ClientServices")
			.check(CLASSES);
	}

	@Test
	void wireTypesDoNotExposeJacksonDatabind() {
		noClasses().that()
			.resideInAnyPackage("com.epithre.client.chat..", "com.epithre.client.models..", "com.epithre.client.error..")
			.and()
			.arePublic()
			.should()
			.dependOnClassesThat()
			.resideInAPackage("tools.jackson.databind..")
			.check(CLASSES);
	}

	@Test
	void webClientExceptionsStayInsideTheInternalPackage() {
		noClasses().that()
			.resideOutsideOfPackage("com.epithre.client.internal..")
			.should()
			.dependOnClassesThat()
			.haveSimpleNameStartingWith("WebClientResponseException")
			.check(CLASSES);
	}

}
