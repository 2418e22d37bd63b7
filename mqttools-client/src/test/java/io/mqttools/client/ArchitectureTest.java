package io.mqttools.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The client module's package rules (docs: STYLE.md, "Packages"). */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mqttools.client");

    @Test
    void internal_doesNotDependOnThePublicApi() {
        noClasses().that().resideInAPackage("io.mqttools.client.internal..")
                .should().dependOnClassesThat().resideInAPackage("io.mqttools.client")
                .check(CLASSES);
    }

    @Test
    void publicApi_usesNoNetty() {
        noClasses().that().resideInAPackage("io.mqttools.client")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(CLASSES);
    }

    @Test
    void client_neverImportsTheBroker() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.mqttools.broker..").check(CLASSES);
    }
}
