package io.stickyip.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Which module may use what, checked in every module's build (each module's {@code ArchitectureTest}
 * extends this with its own package and what it must never reach): no class of the module depends
 * on a forbidden package (ArchUnit), and the forbidden code is not even on the module's class path,
 * so a transitive dependency cannot bring it in either. The rules of the project:
 * <ul>
 *   <li>the extender and the agent never depend on the webhook (it holds etcd credentials and admission code);</li>
 *   <li>the webhook and the controller never depend on each other; the webhook holds no cloud credentials (neither
 *       the aws module nor the AWS SDK): the controller does;</li>
 *   <li>only the store ({@value #STORE}) depends on jetcd, and only the webhook and the controller depend on the
 *       store ({@link #STORE_USERS}): no node and no scheduler holds etcd credentials. Every module but those is
 *       checked against the store without naming it;</li>
 *   <li>only the aws module ({@value #AWS}) depends on the AWS SDK ({@value #AWS_SDK}), and only the modules that call
 *       EC2 depend on the aws module ({@link #AWS_USERS}: the controller's node addresses and cloud audit, the
 *       agent's pod cloud); they reach the SDK through it, never by a class of their own. Every module but those is
 *       checked against the aws module and the SDK without naming them (the extender, runtime, core, the store...);</li>
 *   <li>runtime knows no deployable; core knows nothing of ours but itself (and is pure: {@link PurityTest});</li>
 *   <li>certs is a library: nothing of Kubernetes (fabric8) and no command line (picocli), which are certs-cli's.</li>
 * </ul>
 */
public abstract class ModuleBoundaries {
    public static final String WEBHOOK = "io.stickyip.webhook";
    /** jetcd, the etcd client. */
    public static final String JETCD = "io.etcd";

    public static final String EXTENDER = "io.stickyip.extender";
    public static final String AGENT = "io.stickyip.agent";
    public static final String RUNTIME = "io.stickyip.runtime";
    /** fabric8, the Kubernetes client and model. */
    public static final String FABRIC8 = "io.fabric8";
    /** picocli, the command-line parser. */
    public static final String PICOCLI = "picocli";
    /** The etcd store (jetcd): reservations, slot occupancy, node addresses. */
    public static final String STORE = "io.stickyip.store";
    /** The leader-elected controllers (garbage collection, slot sweep, pool status, node addresses). */
    public static final String CONTROLLER = "io.stickyip.controller";
    /** The only modules that may depend on the store; the store's credentials go to their Deployments alone. */
    public static final Set<String> STORE_USERS = Set.of(WEBHOOK, CONTROLLER);
    /** The aws provider's EC2 adapter, the one module over the AWS SDK. */
    public static final String AWS = "io.stickyip.aws";
    /** The AWS SDK (v2). */
    public static final String AWS_SDK = "software.amazon.awssdk";
    /** The only modules that may depend on the aws module (and so have the SDK on their class path): those that call EC2. */
    public static final Set<String> AWS_USERS = Set.of(CONTROLLER, AGENT);

    /** A class each forbidden package is known to have (a jar need not list its directories). */
    private static final Map<String, String> KNOWN_CLASS = Map.of(
            JETCD, "io/etcd/jetcd/Client.class",
            WEBHOOK, "io/stickyip/webhook/Main.class",
            STORE, "io/stickyip/store/EtcdReservationStore.class",
            CONTROLLER, "io/stickyip/controller/Main.class",
            RUNTIME, "io/stickyip/runtime/lifecycle/Launcher.class",
            FABRIC8, "io/fabric8/kubernetes/api/model/Secret.class",
            AWS, "io/stickyip/aws/AwsCloud.class",
            AWS_SDK, "software/amazon/awssdk/services/ec2/Ec2Client.class",
            PICOCLI, "picocli/CommandLine.class");

    private final String modulePackage;
    private final List<String> forbidden;
    private final List<String> forbiddenToClasses;

    /**
     * @param modulePackage the module's root package, e.g. {@code io.stickyip.extender}
     * @param forbidden     the root packages the module must not reach; the store is added for every module
     *                      that is neither the store nor one of {@link #STORE_USERS}, the aws module and the AWS SDK
     *                      for every module that is neither the aws module nor one of {@link #AWS_USERS}
     */
    protected ModuleBoundaries(String modulePackage, String... forbidden) {
        this.modulePackage = modulePackage;
        List<String> all = new ArrayList<>(List.of(forbidden));
        if (!modulePackage.equals(STORE) && !STORE_USERS.contains(modulePackage)) {
            addOnce(all, STORE);
        }
        if (!modulePackage.equals(AWS) && !AWS_USERS.contains(modulePackage)) {
            addOnce(all, AWS);
            addOnce(all, AWS_SDK);
        }
        this.forbidden = List.copyOf(all);
        List<String> classes = new ArrayList<>(all);
        if (AWS_USERS.contains(modulePackage)) {
            addOnce(classes, AWS_SDK); // on the class path through the aws module, but no class of the module uses it
        }
        this.forbiddenToClasses = List.copyOf(classes);
    }

    private static void addOnce(List<String> packages, String p) {
        if (!packages.contains(p)) {
            packages.add(p);
        }
    }

    /** Every root package the module must not reach, the store, the aws module and the SDK included where they apply. */
    List<String> forbidden() {
        return forbidden;
    }

    /** What no class of the module may depend on: {@link #forbidden()}, and for an aws user the SDK as well. */
    List<String> forbiddenToClasses() {
        return forbiddenToClasses;
    }

    /** A module with no classes yet (a module being started) passes; one with classes is checked. */
    protected boolean mayBeEmpty() {
        return false;
    }

    JavaClasses moduleClasses() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(modulePackage);
    }

    /** The rule that no class of the module reaches {@code forbiddenPackage}; a module's own test may check it catches a leak. */
    protected ArchRule rule(String forbiddenPackage) {
        String because = switch (forbiddenPackage) {
            case STORE ->
                "only " + String.join(" and ", new TreeSet<>(STORE_USERS)) + " reach the etcd store; " + modulePackage
                        + " must not";
            case AWS ->
                "only " + String.join(", ", new TreeSet<>(AWS_USERS)) + " reach the aws module; " + modulePackage
                        + " must not";
            case AWS_SDK -> "only " + AWS + " reaches the AWS SDK; " + modulePackage + " must not";
            default -> modulePackage + " must never reach " + forbiddenPackage;
        };
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage(modulePackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(forbiddenPackage + "..")
                .because(because);
        return mayBeEmpty() ? rule.allowEmptyShould(true) : rule;
    }

    /** Protected, so a module's own test can run it on a stand-in as a positive control. */
    @Test
    protected void noClassOfTheModuleDependsOnWhatItMustNotReach() {
        JavaClasses classes = moduleClasses();
        forbiddenToClasses.forEach(p -> rule(p).check(classes));
    }

    @Test
    protected void whatItMustNotReachIsNotOnItsClassPath() {
        ClassLoader loader = ModuleBoundaries.class.getClassLoader();
        for (String p : forbidden) {
            for (String resource :
                    List.of(p.replace('.', '/') + "/", KNOWN_CLASS.getOrDefault(p, p.replace('.', '/') + "/"))) {
                assertThat(loader.getResource(resource))
                        .as("package %s is on the class path of %s: a dependency brings it in", p, modulePackage)
                        .isNull();
            }
        }
    }

    @Test
    void importsTheModule() {
        if (!mayBeEmpty()) {
            assertThat(moduleClasses()).as("classes of %s", modulePackage).isNotEmpty();
        }
    }
}
