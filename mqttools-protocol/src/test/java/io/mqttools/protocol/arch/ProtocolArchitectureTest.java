package io.mqttools.protocol.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The protocol module's package rules (docs/architecture.md): the vocabulary and the packet records know
 * nothing of Netty or of the codec, only the codec packages touch Netty, the two version-specific
 * codecs stay apart, and no package cycles.
 */
@AnalyzeClasses(packages = "io.mqttools.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolArchitectureTest {

    @ArchTest
    static final ArchRule vocabularyAndPackets_doNotDependOnNetty = noClasses()
            .that().resideInAnyPackage("io.mqttools.protocol", "io.mqttools.protocol.packet")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("packets and protocol types are plain values that broker and client share without Netty");

    @ArchTest
    static final ArchRule onlyCodec_dependsOnNetty = noClasses()
            .that().resideOutsideOfPackage("io.mqttools.protocol.codec..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("a ByteBuf never escapes the codec");

    /** Guards the two rules above against passing vacuously: the import does see Netty dependencies. */
    @ArchTest
    static final ArchRule framingDecoder_dependsOnNetty = classes()
            .that().haveFullyQualifiedName("io.mqttools.protocol.codec.MqttDecoder")
            .should().dependOnClassesThat().resideInAPackage("io.netty..");

    @ArchTest
    static final ArchRule vocabularyAndPackets_doNotDependOnCodec = noClasses()
            .that().resideInAnyPackage("io.mqttools.protocol", "io.mqttools.protocol.packet")
            .should().dependOnClassesThat().resideInAPackage("io.mqttools.protocol.codec..")
            .because("the codec reads and writes packets, never the other way round");

    @ArchTest
    static final ArchRule v311_doesNotDependOnV5 = noClasses()
            .that().resideInAPackage("io.mqttools.protocol.codec.v311..")
            .should().dependOnClassesThat().resideInAPackage("io.mqttools.protocol.codec.v5..")
            .because("version differences live apart in codec.v311 and codec.v5");

    @ArchTest
    static final ArchRule v5_doesNotDependOnV311 = noClasses()
            .that().resideInAPackage("io.mqttools.protocol.codec.v5..")
            .should().dependOnClassesThat().resideInAPackage("io.mqttools.protocol.codec.v311..")
            .because("version differences live apart in codec.v311 and codec.v5");

    /**
     * No cycles between the module's parts, a slice each: the vocabulary (root), the packets, and the
     * codec with its version subpackages.
     */
    @ArchTest
    static final ArchRule parts_haveNoCycles = slices()
            .assignedFrom(new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass c) {
                    String p = c.getPackageName();
                    return p.startsWith("io.mqttools.protocol.codec") ? SliceIdentifier.of("codec")
                            : p.startsWith("io.mqttools.protocol") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
                }

                @Override
                public String getDescription() {
                    return "protocol, protocol.packet and protocol.codec (with subpackages)";
                }
            })
            .should().beFreeOfCycles();
}
