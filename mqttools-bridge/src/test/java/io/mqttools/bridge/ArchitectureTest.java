package io.mqttools.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The bridge sits on the public faces of broker and client: no internals, no Netty. */
class ArchitectureTest {
    private static final JavaClasses BRIDGE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mqttools.bridge");

    @Test
    void onlyPublicApisOfBrokerAndClient() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.mqttools.client.internal..",
                "io.mqttools.broker.session..", "io.mqttools.broker.routing..", "io.mqttools.broker.connection..",
                "io.mqttools.broker.transport..", "io.mqttools.broker.persistence..", "io.mqttools.broker.security..",
                "io.mqttools.broker.metrics..", "io.netty..").check(BRIDGE);
    }
}
