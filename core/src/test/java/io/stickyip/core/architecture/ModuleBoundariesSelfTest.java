package io.stickyip.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The boundary checks catch what they are for. */
class ModuleBoundariesSelfTest {

    /** core's admission package uses its contract package, so this one must break. */
    static final class AdmissionMustNotReachContract extends ModuleBoundaries {
        AdmissionMustNotReachContract() {
            super("io.stickyip.core.admission", "io.stickyip.core.contract");
        }
    }

    /** JUnit is on every test class path. */
    static final class MustNotHaveJUnit extends ModuleBoundaries {
        MustNotHaveJUnit() {
            super("io.stickyip.core", "org.junit");
        }
    }

    @Test
    void catchesADependencyOnAForbiddenPackage() {
        assertThatThrownBy(() -> new AdmissionMustNotReachContract().noClassOfTheModuleDependsOnWhatItMustNotReach())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.stickyip.core.contract");
    }

    @Test
    void catchesAForbiddenPackageOnTheClassPath() {
        assertThatThrownBy(() -> new MustNotHaveJUnit().whatItMustNotReachIsNotOnItsClassPath())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("package org.junit is on the class path");
    }

    @Test
    void theStoreIsForbiddenToEveryModuleButItsUsersAndItself() {
        for (String module : List.of(
                ModuleBoundaries.EXTENDER,
                ModuleBoundaries.AGENT,
                ModuleBoundaries.RUNTIME,
                "io.stickyip.core",
                "io.stickyip.certs",
                "io.stickyip.testing",
                "io.stickyip.a.module.to.come")) {
            assertThat(new ModuleBoundaries(module) {}.forbidden()).as(module).contains(ModuleBoundaries.STORE);
        }
        for (String module : List.of(ModuleBoundaries.WEBHOOK, ModuleBoundaries.CONTROLLER, ModuleBoundaries.STORE)) {
            assertThat(new ModuleBoundaries(module) {}.forbidden()).as(module).doesNotContain(ModuleBoundaries.STORE);
        }
        assertThat(new ModuleBoundaries(ModuleBoundaries.AGENT, ModuleBoundaries.STORE) {}.forbidden())
                .as("named as well: once")
                .containsOnlyOnce(ModuleBoundaries.STORE);
    }

    @Test
    void theAwsModuleAndTheSdkAreForbiddenToEveryModuleButTheAwsUsersAndTheAwsModule() {
        for (String module : List.of(
                ModuleBoundaries.WEBHOOK,
                ModuleBoundaries.EXTENDER,
                ModuleBoundaries.RUNTIME,
                ModuleBoundaries.STORE,
                "io.stickyip.core",
                "io.stickyip.certs",
                "io.stickyip.testing",
                "io.stickyip.a.module.to.come")) {
            assertThat(new ModuleBoundaries(module) {}.forbidden())
                    .as(module)
                    .contains(ModuleBoundaries.AWS, ModuleBoundaries.AWS_SDK);
        }
        for (String module : List.of(ModuleBoundaries.CONTROLLER, ModuleBoundaries.AGENT)) {
            ModuleBoundaries b = new ModuleBoundaries(module) {};
            assertThat(b.forbidden()).as(module).doesNotContain(ModuleBoundaries.AWS, ModuleBoundaries.AWS_SDK);
            assertThat(b.forbiddenToClasses())
                    .as(module + ": the SDK only through the aws module")
                    .contains(ModuleBoundaries.AWS_SDK)
                    .doesNotContain(ModuleBoundaries.AWS);
        }
        ModuleBoundaries aws = new ModuleBoundaries(ModuleBoundaries.AWS) {};
        assertThat(aws.forbiddenToClasses()).doesNotContain(ModuleBoundaries.AWS, ModuleBoundaries.AWS_SDK);
        assertThat(new ModuleBoundaries(ModuleBoundaries.EXTENDER, ModuleBoundaries.AWS_SDK) {}.forbidden())
                .as("named as well: once")
                .containsOnlyOnce(ModuleBoundaries.AWS_SDK);
    }

    @Test
    void findsPackagesThatAreThere() {
        assertThat(ModuleBoundaries.class.getClassLoader().getResource("io/stickyip/core/"))
                .isNotNull();
    }
}
