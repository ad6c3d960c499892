package com.epithre;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.importPackages("com.epithre.boot");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("com.epithre.(**)").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void theAutoConfigurationUsesOnlyTheClientsPublicApi() {
		noClasses().that()
			.resideInAPackage("com.epithre.boot..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.epithre.client.internal..")
			.check(CLASSES);
	}

}
