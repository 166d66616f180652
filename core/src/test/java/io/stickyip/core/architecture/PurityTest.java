package io.stickyip.core.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.stickyip.core.architecture.impure.OpensASocket;
import io.stickyip.core.architecture.impure.ReadsAFile;
import io.stickyip.core.architecture.impure.ReadsTheClock;
import io.stickyip.core.architecture.impure.StartsAThread;
import io.stickyip.core.architecture.impure.UsesTheFabric8Client;
import io.stickyip.core.architecture.impure.UsesTheJdkHttpClient;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.intent.ReservationCheck;
import io.stickyip.core.pool.v1alpha1.IPPool;
import java.io.IOException;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pure core (STYLE.md): domain code does no I/O and imports no Vert.x, jetcd, AWS SDK or fabric8
 * client classes; fabric8 model classes are fine, and so is {@code CustomResource}, the CRD base class.
 * It reads no clock (the time is passed in) and starts no thread.
 */
class PurityTest {

    static final DescribedPredicate<JavaClass> IO = resideInAnyPackage(
                    "io.vertx..", "io.etcd..", "software.amazon..", "java.net.http..", "java.nio.file..")
            .or(belongToAnyOf(
                    java.net.Socket.class,
                    java.net.ServerSocket.class,
                    java.net.DatagramSocket.class,
                    java.io.File.class,
                    java.io.FileInputStream.class,
                    java.io.FileOutputStream.class,
                    java.io.FileReader.class,
                    java.io.FileWriter.class,
                    java.io.RandomAccessFile.class))
            .as("do I/O (Vert.x, jetcd, AWS SDK, java.net.http, java.nio.file, sockets, files)");

    static final DescribedPredicate<JavaClass> FABRIC8_CLIENT = resideInAPackage("io.fabric8.kubernetes.client..")
            .and(DescribedPredicate.not(equivalentTo(io.fabric8.kubernetes.client.CustomResource.class)))
            .as("are fabric8 client classes other than CustomResource");

    static final ArchRule NO_IO = noClasses()
            .that()
            .resideInAPackage("io.stickyip.core..")
            .should()
            .dependOnClassesThat(IO)
            .because("the core is pure: it computes, the edges do I/O");

    static final ArchRule NO_FABRIC8_CLIENT = noClasses()
            .that()
            .resideInAPackage("io.stickyip.core..")
            .should()
            .dependOnClassesThat(FABRIC8_CLIENT)
            .because("the core uses fabric8 model classes, never the client");

    /** The time comes in as a Clock or an Instant: a pure function gives the same answer tomorrow. */
    static final DescribedPredicate<JavaMethodCall> READS_THE_SYSTEM_CLOCK = DescribedPredicate.describe(
            "read the system clock (System.currentTimeMillis, System.nanoTime, java.time now(), Clock.system*)",
            call -> {
                String owner = call.getTargetOwner().getName();
                String name = call.getName();
                return owner.equals(System.class.getName())
                                && (name.equals("currentTimeMillis") || name.equals("nanoTime"))
                        || owner.startsWith("java.time.")
                                && name.equals("now")
                                && call.getTarget().getRawParameterTypes().isEmpty()
                        || owner.equals(java.time.Clock.class.getName()) && name.startsWith("system");
            });

    static final ArchRule NO_SYSTEM_CLOCK = noClasses()
            .that()
            .resideInAPackage("io.stickyip.core..")
            .should()
            .callMethodWhere(READS_THE_SYSTEM_CLOCK)
            .because("the core is pure: the caller passes the time");

    static final ArchRule NO_THREADS = noClasses()
            .that()
            .resideInAPackage("io.stickyip.core..")
            .should()
            .dependOnClassesThat(assignableTo(Thread.class)
                    .or(assignableTo(java.util.concurrent.Executor.class))
                    .or(assignableTo(java.util.concurrent.ThreadFactory.class))
                    .or(assignableTo(java.util.Timer.class))
                    .as("are threads, executors or timers"))
            .because(
                    "the core computes on the caller's thread (a store's CompletionStage is only a contract for the edges)");

    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.stickyip.core");

    @Test
    void coreDoesNoIO() {
        NO_IO.check(CORE);
    }

    @Test
    void coreUsesNoFabric8ClientButTheCustomResourceBaseClass() {
        NO_FABRIC8_CLIENT.check(CORE);
    }

    @Test
    void coreReadsNoClock() {
        NO_SYSTEM_CLOCK.check(CORE);
    }

    @Test
    void coreStartsNoThreads() {
        NO_THREADS.check(CORE);
    }

    @Test
    void importsTheWholeCore() {
        assertThat(CORE.contain(IPPool.class)).isTrue();
        assertThat(CORE.containPackage("io.stickyip.core.admission")).isTrue();
        assertThat(CORE.contain(PodIntent.class))
                .as("the agent's decision about a pod is core's, so these rules hold for it")
                .isTrue();
        assertThat(CORE.contain(ReservationCheck.class)).isTrue();
        assertThat(CORE.stream().map(JavaClass::getPackageName)).noneMatch(p -> p.contains("architecture"));
    }

    @ParameterizedTest(name = "catches {0}")
    @ValueSource(
            classes = {
                UsesTheJdkHttpClient.class,
                ReadsAFile.class,
                OpensASocket.class,
                UsesTheFabric8Client.class,
                ReadsTheClock.class,
                StartsAThread.class
            })
    void catchesAnImpureClass(Class<?> impure) {
        assertThat(breaksARule(new ClassFileImporter().importClasses(impure)))
                .as("%s breaks a purity rule", impure.getSimpleName())
                .isTrue();
    }

    /**
     * Vert.x, jetcd and the AWS SDK are not on core's classpath (which is the point), so a class using
     * them is made here with ByteBuddy (it comes with AssertJ): a core class with a field of that type,
     * saved alone, so the type is as absent as it would be.
     */
    @ParameterizedTest(name = "catches a core class holding a {0}")
    @ValueSource(
            strings = {
                "io.vertx.core.Vertx",
                "io.etcd.jetcd.Client",
                "software.amazon.awssdk.services.ec2.Ec2Client",
                "io.fabric8.kubernetes.client.dsl.MixedOperation"
            })
    void catchesACoreClassUsingAClientLibrary(String type, @TempDir Path dir) throws IOException {
        TypeDescription absent =
                new ByteBuddy().makeInterface().name(type).make().getTypeDescription();
        new ByteBuddy()
                .subclass(Object.class)
                .name("io.stickyip.core.pool.Leaky")
                .defineField("client", absent, Visibility.PRIVATE)
                .make()
                .saveIn(dir.toFile());

        assertThat(breaksARule(new ClassFileImporter().importPath(dir))).isTrue();
    }

    private static boolean breaksARule(JavaClasses classes) {
        return java.util.stream.Stream.of(NO_IO, NO_FABRIC8_CLIENT, NO_SYSTEM_CLOCK, NO_THREADS)
                .map(rule -> rule.evaluate(classes))
                .anyMatch(EvaluationResult::hasViolation);
    }

    @Test
    void allowsTheCustomResourceBaseClass() {
        JavaClasses classes = new ClassFileImporter().importClasses(IPPool.class);

        assertThat(NO_FABRIC8_CLIENT.evaluate(classes).hasViolation()).isFalse();
    }
}
