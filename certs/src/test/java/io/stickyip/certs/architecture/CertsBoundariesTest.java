package io.stickyip.certs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.stickyip.core.architecture.ModuleBoundaries;
import java.io.IOException;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The certs library reaches no deployable, no runtime, no etcd, and nothing of Kubernetes (fabric8) or of a
 * command line (picocli): the CLI and its Kubernetes publisher are in certs-cli. Neither fabric8 nor picocli is
 * even on this module's class path (its pom leaves core's fabric8 model out).
 */
class CertsBoundariesTest extends ModuleBoundaries {
    CertsBoundariesTest() {
        super("io.stickyip.certs", WEBHOOK, JETCD, EXTENDER, AGENT, RUNTIME, FABRIC8, PICOCLI);
    }

    /**
     * The positive control: the rules catch a certs class that uses fabric8 or picocli. Neither is on this class
     * path (which is the point), so the class is made here with ByteBuddy (it comes with AssertJ), as
     * core's PurityTest does: a certs class with a field of the absent type, saved alone.
     */
    @ParameterizedTest(name = "catches a certs class holding a {0}")
    @CsvSource({
        "io.fabric8.kubernetes.client.KubernetesClient, io.fabric8",
        "io.fabric8.kubernetes.api.model.Secret, io.fabric8",
        "picocli.CommandLine, picocli"
    })
    void catchesACertsClassUsingKubernetesOrACommandLine(String type, String forbidden, @TempDir Path dir)
            throws IOException {
        TypeDescription absent =
                new ByteBuddy().makeInterface().name(type).make().getTypeDescription();
        new ByteBuddy()
                .subclass(Object.class)
                .name("io.stickyip.certs.issue.Leaky")
                .defineField("leak", absent, Visibility.PRIVATE)
                .make()
                .saveIn(dir.toFile());
        JavaClasses leaky = new ClassFileImporter().importPath(dir);

        assertThat(rule(forbidden).evaluate(leaky).hasViolation())
                .as("a certs class holding a %s breaks the rule for %s", type, forbidden)
                .isTrue();
        assertThat(rule(RUNTIME).evaluate(leaky).hasViolation())
                .as("and only that rule")
                .isFalse();
    }
}
