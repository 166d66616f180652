package io.stickyip.store.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.stickyip.core.architecture.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/**
 * The store builds on core and runtime and knows none of the modules that use it (the webhook, the controller) nor
 * any other deployable. Inside, the packages by job depend on each other without a cycle, and none of them on the
 * store's facade ({@code io.stickyip.store.EtcdReservationStore}), which puts them together.
 */
class StoreBoundariesTest extends ModuleBoundaries {
    static final JavaClasses STORE_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(STORE);

    StoreBoundariesTest() {
        super(STORE, WEBHOOK, CONTROLLER, EXTENDER, AGENT);
    }

    @Test
    void thePackagesByJobFormNoCycle() {
        slices().matching("io.stickyip.store.(*)..").should().beFreeOfCycles().check(STORE_CLASSES);
    }

    @Test
    void noPackageByJobReachesTheFacade() {
        noClasses()
                .that()
                .resideInAPackage("io.stickyip.store.*..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(STORE)
                .because("the facade puts the jobs together; a job reaching it would make a cycle")
                .check(STORE_CLASSES);
    }
}
