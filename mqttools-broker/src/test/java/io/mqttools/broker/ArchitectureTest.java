package io.mqttools.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/** The broker's layering rules (STYLE.md): Netty only at the edges, no cycles, no client. */
class ArchitectureTest {
    private static final JavaClasses BROKER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mqttools.broker");

    @Test
    void nettyOnlyInTransportAndConnection() {
        noClasses().that().resideOutsideOfPackages("io.mqttools.broker.transport..", "io.mqttools.broker.connection..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(BROKER);
    }

    @Test
    void brokerNeverUsesTheClient() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.mqttools.client..").check(BROKER);
    }

    @Test
    void sessionsAndRoutingKnowNothingOfConnections() {
        noClasses().that().resideInAnyPackage("io.mqttools.broker.session..", "io.mqttools.broker.routing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mqttools.broker.connection..",
                        "io.mqttools.broker.transport..")
                .check(BROKER);
    }

    @Test
    void noPackageCycles() {
        SlicesRuleDefinition.slices().matching("io.mqttools.broker.(*)..").should().beFreeOfCycles().check(BROKER);
    }
}
