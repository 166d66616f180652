package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every YAML under {@code manifests/} is valid for the real API server: each object is created
 * with a server-side dry run (schema, defaulting, validation, admission, RBAC escalation checks)
 * and nothing is left behind. Also: the in-cluster webhook registrations carry the same rules as
 * the local cluster's, the pod templates pass Pod Security {@code restricted}, and the local
 * webhook replicas run as ServiceAccount {@code stickyip-webhook} and the controller replicas as
 * {@code stickyip-controller}, without any Forbidden.
 */
class ManifestsE2EIT {
    static final List<String> DIRS =
            List.of("manifests/crds", "manifests/rbac", "manifests/deploy", "manifests/examples");
    /** Copies of objects that already exist on the cluster are dry-run created under this prefix. */
    static final String PREFIX = "manifest-check-";

    static final String SYSTEM_NS = "stickyip-system";
    static final String WEBHOOK_SA = "system:serviceaccount:stickyip-system:stickyip-webhook";
    static final String CONTROLLER_SA = "system:serviceaccount:stickyip-system:stickyip-controller";

    record Manifest(Path file, HasMetadata object) {
        String describe() {
            String ns = object.getMetadata().getNamespace();
            return LocalProcessCluster.repoRoot().relativize(file) + ": " + object.getKind() + " "
                    + (ns == null ? "" : ns + "/") + object.getMetadata().getName();
        }
    }

    static ClusterHarness cluster;
    static KubernetesClient k;
    static List<Manifest> manifests;

    @BeforeAll
    static void setUp() {
        cluster = Clusters.get();
        k = cluster.client();
        manifests = load(LocalProcessCluster.repoRoot());
    }

    static List<Manifest> load(Path repo) {
        List<Manifest> all = new ArrayList<>();
        for (String dir : DIRS) {
            try (Stream<Path> files = Files.walk(repo.resolve(dir))) {
                for (Path f : files.filter(p ->
                                p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted()
                        .toList()) {
                    try (InputStream in = Files.newInputStream(f)) {
                        for (HasMetadata o : k.load(in).items()) {
                            all.add(new Manifest(f, o));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    @Test
    void everyManifestPassesAServerSideDryRunAndCreatesNothing() {
        assertThat(manifests.stream().map(m -> m.object().getKind()).collect(Collectors.toSet()))
                .contains(
                        "CustomResourceDefinition",
                        "Namespace",
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Role",
                        "RoleBinding",
                        "Deployment",
                        "StatefulSet",
                        "DaemonSet",
                        "Service",
                        "PodDisruptionBudget",
                        "NetworkPolicy",
                        "MutatingWebhookConfiguration",
                        "ValidatingWebhookConfiguration",
                        "IPPool");

        List<String> failures = new ArrayList<>();
        List<HasMetadata> mustNotExist = new ArrayList<>();
        Map<HasMetadata, String> mustKeepVersion = new java.util.LinkedHashMap<>();
        int checked = 0;
        int namespacesThere = 0;
        for (Manifest m : manifests) {
            HasMetadata copy = copyOf(m.object());
            HasMetadata existing = k.resource(copy).get();
            try {
                if (existing != null && copy instanceof Namespace) {
                    namespacesThere++;
                    continue; // stickyip-system, stickyip-node: hack/cluster applied manifests/rbac already
                } else if (existing != null && copy instanceof CustomResourceDefinition) {
                    // its name is fixed (<plural>.<group>): apply over the real one, dry run
                    k.resource(copy)
                            .dryRun()
                            .fieldManager("manifests-e2e")
                            .forceConflicts()
                            .serverSideApply();
                    mustKeepVersion.put(existing, existing.getMetadata().getResourceVersion());
                } else {
                    if (existing != null) {
                        copy.getMetadata().setName(PREFIX + copy.getMetadata().getName());
                    }
                    HasMetadata answer = k.resource(copy).dryRun().create();
                    assertThat(answer.getMetadata().getName())
                            .isEqualTo(copy.getMetadata().getName());
                    mustNotExist.add(copy);
                }
                checked++;
            } catch (KubernetesClientException e) {
                failures.add(m.describe() + " -> " + e.getCode() + " " + e.getMessage());
            }
        }
        assertThat(failures).as("server-side dry run failures").isEmpty();
        assertThat(checked)
                .as("manifests dry-run checked (%d namespaces there already)", namespacesThere)
                .isEqualTo(manifests.size() - namespacesThere);
        assertThat(namespacesThere)
                .as("namespaces of manifests/rbac that hack/cluster applied")
                .isLessThanOrEqualTo(2);

        for (HasMetadata o : mustNotExist) {
            assertThat(k.resource(o).get())
                    .as("dry run created %s %s", o.getKind(), o.getMetadata().getName())
                    .isNull();
        }
        mustKeepVersion.forEach((o, version) -> assertThat(
                        k.resource(o).get().getMetadata().getResourceVersion())
                .as("dry run changed %s %s", o.getKind(), o.getMetadata().getName())
                .isEqualTo(version));
    }

    /**
     * The pods of manifests/deploy are admitted in their namespace: a dry-run Pod per Deployment
     * and StatefulSet template meets Pod Security "restricted" (enforced in stickyip-system),
     * refers to an existing ServiceAccount, and its volume mounts resolve. (The examples' pods
     * would go through stickyip's own pod webhook, which needs their pool to exist.)
     */
    @Test
    void thePodTemplatesAreAdmittedUnderPodSecurityRestricted() {
        Namespace ns = k.namespaces().withName(SYSTEM_NS).get();
        assertThat(ns.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        int pods = 0;
        for (Manifest m : manifests) {
            if (!m.file().startsWith(LocalProcessCluster.repoRoot().resolve("manifests/deploy"))) {
                continue;
            }
            PodTemplateSpec template;
            List<PersistentVolumeClaim> claims = List.of();
            if (m.object() instanceof Deployment d) {
                template = d.getSpec().getTemplate();
            } else if (m.object() instanceof StatefulSet s) {
                template = s.getSpec().getTemplate();
                claims = s.getSpec().getVolumeClaimTemplates();
            } else {
                continue;
            }
            PodBuilder pod = new PodBuilder()
                    .withNewMetadata()
                    .withName(PREFIX + m.object().getMetadata().getName())
                    .withNamespace(m.object().getMetadata().getNamespace())
                    .withLabels(template.getMetadata().getLabels())
                    .endMetadata()
                    .withSpec(template.getSpec());
            for (PersistentVolumeClaim c : claims) { // what the StatefulSet controller adds
                pod.editSpec()
                        .addToVolumes(new VolumeBuilder()
                                .withName(c.getMetadata().getName())
                                .withNewPersistentVolumeClaim()
                                .withClaimName(c.getMetadata().getName() + "-0")
                                .endPersistentVolumeClaim()
                                .build())
                        .endSpec();
            }
            Pod p = pod.build();
            try {
                k.resource(p).dryRun().create();
            } catch (KubernetesClientException e) {
                throw new AssertionError(m.describe() + ": its pod is refused: " + e.getMessage(), e);
            }
            assertThat(k.resource(p).get()).isNull();
            pods++;
        }
        assertThat(pods)
                .as("pod templates checked")
                .isEqualTo(5); // webhook, controller, etcd, extender, stickyip-scheduler
    }

    /**
     * manifests/deploy's registrations and the ones hack/cluster registers (name stickyip) differ
     * only in clientConfig. Both are compared as the API server defaulted them.
     */
    @Test
    void theDeployWebhookConfigurationsMatchTheLocalClusters() {
        MutatingWebhookConfiguration mutating = only(MutatingWebhookConfiguration.class);
        ValidatingWebhookConfiguration validating = only(ValidatingWebhookConfiguration.class);
        mutating.getMetadata().setName(PREFIX + "mutating");
        validating.getMetadata().setName(PREFIX + "validating");
        MutatingWebhookConfiguration m = k.resource(mutating).dryRun().create();
        ValidatingWebhookConfiguration v = k.resource(validating).dryRun().create();
        MutatingWebhookConfiguration local = k.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("stickyip")
                .get();
        ValidatingWebhookConfiguration localV = k.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName("stickyip")
                .get();
        assertThat(local)
                .as("the local cluster's MutatingWebhookConfiguration stickyip")
                .isNotNull();
        assertThat(localV)
                .as("the local cluster's ValidatingWebhookConfiguration stickyip")
                .isNotNull();

        Function<MutatingWebhook, MutatingWebhook> mutatingSansClient =
                w -> new MutatingWebhookBuilder(w).withClientConfig(null).build();
        Function<ValidatingWebhook, ValidatingWebhook> validatingSansClient =
                w -> new ValidatingWebhookBuilder(w).withClientConfig(null).build();
        assertThat(m.getWebhooks().stream().map(mutatingSansClient).toList())
                .isEqualTo(local.getWebhooks().stream().map(mutatingSansClient).toList());
        assertThat(v.getWebhooks().stream().map(validatingSansClient).toList())
                .isEqualTo(
                        localV.getWebhooks().stream().map(validatingSansClient).toList());

        // in the cluster: the Service, no caBundle until stickyip-certs apply fills it
        for (var w : m.getWebhooks()) {
            assertThat(w.getClientConfig().getService().getName()).isEqualTo("stickyip-webhook");
            assertThat(w.getClientConfig().getCaBundle()).isNull();
        }
        for (var w : v.getWebhooks()) {
            assertThat(w.getClientConfig().getService().getName()).isEqualTo("stickyip-webhook");
            assertThat(w.getClientConfig().getCaBundle()).isNull();
        }
    }

    /**
     * The local webhook replicas use the API as ServiceAccount stickyip-webhook (not admin), so
     * this suite exercises manifests/rbac; none of them has been refused anything so far.
     */
    @Test
    void theLocalWebhooksRunAsTheirServiceAccountAndAreNeverForbidden() throws IOException {
        runAsTheirServiceAccountAndAreNeverForbidden("stickyip-webhook", "STICKYIP_WEBHOOK_KUBECONFIG", WEBHOOK_SA);
    }

    /** The same for the local controller replicas, as ServiceAccount stickyip-controller (manifests/rbac/controller.yaml). */
    @Test
    void theLocalControllersRunAsTheirServiceAccountAndAreNeverForbidden() throws IOException {
        runAsTheirServiceAccountAndAreNeverForbidden(
                "stickyip-controller", "STICKYIP_CONTROLLER_KUBECONFIG", CONTROLLER_SA);
    }

    private static void runAsTheirServiceAccountAndAreNeverForbidden(
            String process, String kubeconfigVariable, String account) throws IOException {
        assumeTrue(
                cluster instanceof LocalProcessCluster,
                "only the local process cluster runs the deployables as processes");
        Path state = LocalProcessCluster.repoRoot().resolve(".local/e2e-cluster");
        Map<String, String> env = LocalProcessCluster.parseEnv(Files.readString(state.resolve("env")));
        Path kubeconfig = Path.of(Objects.requireNonNull(env.get(kubeconfigVariable), kubeconfigVariable + " in env"));

        try (KubernetesClient as = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build()) {
            SelfSubjectReview review =
                    as.resource(new SelfSubjectReviewBuilder().build()).create();
            assertThat(review.getStatus().getUserInfo().getUsername()).isEqualTo(account);
        }
        Pattern forbidden = Pattern.compile("Forbidden|forbidden: User|code=403");
        for (int n = 1; n <= 2; n++) {
            Path logs = state.resolve("logs");
            assertThat(Files.readString(logs.resolve(process + "-" + n + ".cmdline")))
                    .as("replica %d's command line", n)
                    .contains("KUBECONFIG=" + kubeconfig);
            List<String> refused = Files.readAllLines(logs.resolve(process + "-" + n + ".log")).stream()
                    .filter(l -> forbidden.matcher(l).find())
                    .toList();
            assertThat(refused).as("Forbidden in %s-%d.log", process, n).isEmpty();
        }
    }

    private static <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = manifests.stream()
                .filter(m -> m.file().startsWith(LocalProcessCluster.repoRoot().resolve("manifests/deploy")))
                .map(Manifest::object)
                .filter(type::isInstance)
                .map(type::cast)
                .map(ManifestsE2EIT::copyOf)
                .toList();
        assertThat(found).as("%s in manifests/deploy", type.getSimpleName()).hasSize(1);
        return found.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> T copyOf(T o) {
        return (T) Serialization.clone(o);
    }
}
