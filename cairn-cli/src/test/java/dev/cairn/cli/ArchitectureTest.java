package dev.cairn.cli;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Freezes the module layering as it stands (DESIGN.md): dependencies point downwards only. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.cairn");
    }

    @Test
    void modelDependsOnNoOtherModuleAndDoesNoIo() {
        noClasses().that().resideInAPackage("dev.cairn.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.crypto..", "dev.cairn.oci..", "dev.cairn.sign..",
                        "dev.cairn.policy..", "dev.cairn.sbom..", "dev.cairn.vuln..", "dev.cairn.cli..", "java.net..", "java.sql..", "java.nio.file..", "java.io.File")
                .check(classes);
    }

    @Test
    void cryptoDependsOnlyOnModel() {
        noClasses().that().resideInAPackage("dev.cairn.crypto..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.oci..", "dev.cairn.sign..", "dev.cairn.policy..", "dev.cairn.cli..")
                .check(classes);
    }

    @Test
    void ociDependsOnlyOnModel() {
        noClasses().that().resideInAPackage("dev.cairn.oci..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.crypto..", "dev.cairn.sign..", "dev.cairn.policy..", "dev.cairn.cli..")
                .check(classes);
    }

    @Test
    void signKnowsNothingOfPolicyOrCli() {
        noClasses().that().resideInAPackage("dev.cairn.sign..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.policy..", "dev.cairn.cli..")
                .check(classes);
    }

    @Test
    void sbomDependsOnlyOnModelAndOci() {
        noClasses().that().resideInAPackage("dev.cairn.sbom..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.crypto..", "dev.cairn.sign..", "dev.cairn.policy..",
                        "dev.cairn.vuln..", "dev.cairn.cli..")
                .check(classes);
    }

    @Test
    void vulnDependsOnlyOnModel() {
        noClasses().that().resideInAPackage("dev.cairn.vuln..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.crypto..", "dev.cairn.oci..", "dev.cairn.sign..",
                        "dev.cairn.policy..", "dev.cairn.cli..")
                .check(classes);
    }

    @Test
    void policyDependsOnlyOnModelCryptoAndSign() {
        noClasses().that().resideInAPackage("dev.cairn.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.sbom..", "dev.cairn.vuln..", "dev.cairn.cli..", "dev.cairn.server..")
                .check(classes);
    }

    @Test
    void verifiersAndWireFormatsArePure() {
        // Verification is bytes in, verdict out: it reaches stores only through the ImageStore seam.
        // java.net.URI is a value parser (image names are checked with it), not a connection.
        DescribedPredicate<JavaClass> io = resideInAnyPackage("java.net..", "java.sql..", "java.nio.file..", "dev.cairn.oci.registry..", "dev.cairn.oci.layout..")
                .and(not(belongToAnyOf(java.net.URI.class, java.net.URISyntaxException.class)));
        noClasses().that().haveSimpleNameEndingWith("Verifier").or().resideInAPackage("dev.cairn.sign.wire..")
                .or().resideInAPackage("dev.cairn.policy..").and().resideOutsideOfPackage("dev.cairn.policy.io..")
                .should().dependOnClassesThat(io)
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.cairn.(*)..").should().beFreeOfCycles().check(classes);
    }
}
