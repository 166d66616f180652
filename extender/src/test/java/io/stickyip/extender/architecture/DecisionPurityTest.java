package io.stickyip.extender.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.stickyip.extender.scheduling.NodeFilter;
import io.stickyip.extender.wire.ExtenderArgs;
import org.junit.jupiter.api.Test;

/**
 * The filter and prioritize decisions and the wire types are pure (STYLE.md): no Vert.x, no
 * fabric8 client, no sockets or files; the server and the informers are the edges.
 */
class DecisionPurityTest {
    static final JavaClasses EXTENDER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stickyip.extender");

    static final ArchRule PURE = noClasses()
            .that()
            .resideInAnyPackage("io.stickyip.extender.scheduling..", "io.stickyip.extender.wire..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.vertx..",
                    "io.fabric8.kubernetes.client..",
                    "java.net..",
                    "java.nio.file..",
                    "io.stickyip.runtime..",
                    "io.stickyip.extender.cache..",
                    "io.stickyip.extender.server..")
            .because("the decisions compute from a SchedulingView; the cache and the server do the I/O");

    static final ArchRule NOT_ON_THE_WEBHOOK = noClasses()
            .that()
            .resideInAPackage("io.stickyip.extender..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.stickyip.webhook..")
            .because("the extender holds no etcd credentials and no admission code");

    @Test
    void decisionsAndWireTypesDoNoIO() {
        PURE.check(EXTENDER);
    }

    @Test
    void neverDependsOnTheWebhook() {
        NOT_ON_THE_WEBHOOK.check(EXTENDER);
    }

    @Test
    void importsTheDecisionsAndTheWireTypes() {
        assertThat(EXTENDER.contain(NodeFilter.class)).isTrue();
        assertThat(EXTENDER.contain(ExtenderArgs.class)).isTrue();
    }
}
