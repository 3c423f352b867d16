package org.trawl.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package picture of docs/architecture.md, enforced on the compiled classes (so a fully qualified
 * name or a static import counts too): no cycle between top-level packages, the bottom packages depend
 * on nothing above them, and only the command line knows the command line.
 */
class PackageCyclesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.trawl");

    /** A trawl class outside the given packages (libraries do not count: they are below everything). */
    private static DescribedPredicate<JavaClass> trawlOutside(String... packages) {
        return JavaClass.Predicates.resideInAPackage("org.trawl..")
                .and(JavaClass.Predicates.resideOutsideOfPackages(packages));
    }

    @Test
    void topLevelPackagesHaveNoCycle() {
        slices().matching("org.trawl.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void internalDependsOnNoOtherTrawlPackage() {
        noClasses()
                .that()
                .resideInAPackage("org.trawl.internal..")
                .should()
                .dependOnClassesThat(trawlOutside("org.trawl.internal.."))
                .check(MAIN);
    }

    @Test
    void coreDependsOnlyOnInternal() {
        noClasses()
                .that()
                .resideInAPackage("org.trawl.core..")
                .should()
                .dependOnClassesThat(trawlOutside("org.trawl.core..", "org.trawl.internal.."))
                .check(MAIN);
    }

    @Test
    void onlyTheCommandLineUsesTheCommandLine() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.trawl.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.trawl.cli..")
                .check(MAIN);
    }
}
