package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler configuration shipped in manifests/ is the one the local cluster runs: the
 * extenders block of manifests/scheduler/kube-scheduler-config.yaml (the cluster's own
 * scheduler), of the stickyip-scheduler ConfigMap (the dedicated scheduler) and of the local
 * kube-scheduler and stickyip-scheduler configurations differ only in where the extender is
 * (urlPrefix) and which CA file is trusted. The local extender replicas and stickyip-scheduler run
 * as their ServiceAccounts and are never refused anything.
 */
class SchedulerManifestsE2EIT {
    static final Path REPO = LocalProcessCluster.repoRoot();
    static final Path STATE = REPO.resolve(".local/e2e-cluster");

    static ClusterHarness cluster;

    @BeforeAll
    static void setUp() {
        cluster = Clusters.get();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return Serialization.unmarshal(text, Map.class);
    }

    /** The extender entry with urlPrefix and tlsConfig.caFile blanked. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> extender(Map<String, Object> config) {
        List<Map<String, Object>> extenders = (List<Map<String, Object>>) config.get("extenders");
        assertThat(extenders).as("extenders").hasSize(1);
        Map<String, Object> e = new LinkedHashMap<>(extenders.getFirst());
        e.put("urlPrefix", "(where)");
        Map<String, Object> tls = new LinkedHashMap<>((Map<String, Object>) e.get("tlsConfig"));
        tls.put("caFile", "(which)");
        e.put("tlsConfig", tls);
        return e;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String dedicatedConfig() throws IOException {
        try (InputStream in = Files.newInputStream(REPO.resolve("manifests/deploy/50-stickyip-scheduler.yaml"))) {
            for (HasMetadata o : cluster.client().load(in).items()) {
                if (o instanceof ConfigMap cm) {
                    return cm.getData().get("config.yaml");
                }
            }
        }
        throw new AssertionError("no ConfigMap in manifests/deploy/50-stickyip-scheduler.yaml");
    }

    @Test
    void everySchedulerConfigurationCarriesTheSameExtender() throws IOException {
        assumeTrue(cluster instanceof LocalProcessCluster, "the local cluster's scheduler configurations are files");
        Map<String, Object> shipped = yaml(read(REPO.resolve("manifests/scheduler/kube-scheduler-config.yaml")));
        Map<String, Object> dedicated = yaml(dedicatedConfig());
        Map<String, Object> local = yaml(read(STATE.resolve("config/kube-scheduler.yaml")));
        Map<String, Object> localDedicated = yaml(read(STATE.resolve("config/stickyip-scheduler.yaml")));

        assertThat(extender(shipped))
                .containsEntry(
                        "managedResources", List.of(Map.of("name", "stickyip.io/ip", "ignoredByScheduler", true)))
                .containsEntry("nodeCacheCapable", true)
                .containsEntry("ignorable", false)
                .containsEntry("httpTimeout", "2s");
        assertThat(extender(dedicated)).isEqualTo(extender(shipped));
        assertThat(extender(local)).isEqualTo(extender(shipped));
        assertThat(extender(localDedicated)).isEqualTo(extender(shipped));
        assertThat(dedicated.get("profiles").toString()).contains("schedulerName=stickyip-scheduler");
        assertThat(localDedicated.get("profiles").toString()).contains("schedulerName=stickyip-scheduler");
        assertThat(localDedicated.get("leaderElection")).isEqualTo(dedicated.get("leaderElection"));
    }

    @Test
    void theLocalExtendersAndStickyipSchedulerRunAsTheirServiceAccountsAndAreNeverForbidden() {
        assumeTrue(cluster instanceof LocalProcessCluster, "only the local process cluster runs them as processes");
        Map<String, String> env = LocalProcessCluster.parseEnv(read(STATE.resolve("env")));
        Path logs = STATE.resolve("logs");
        Path extenderKubeconfig = STATE.resolve("config/stickyip-extender.kubeconfig");
        Path schedulerKubeconfig = STATE.resolve("config/stickyip-scheduler.kubeconfig");
        assertThat(whoAmI(extenderKubeconfig)).isEqualTo("system:serviceaccount:stickyip-system:stickyip-extender");
        assertThat(whoAmI(schedulerKubeconfig)).isEqualTo("system:serviceaccount:stickyip-system:stickyip-scheduler");
        Objects.requireNonNull(env.get("STICKYIP_EXTENDER_URL"), "STICKYIP_EXTENDER_URL in env");

        Pattern forbidden = Pattern.compile("Forbidden|forbidden: User|code=403");
        for (String proc : List.of("stickyip-extender-1", "stickyip-extender-2", "stickyip-scheduler")) {
            assertThat(read(logs.resolve(proc + ".cmdline")))
                    .as(proc + "'s command line")
                    .contains(
                            proc.startsWith("stickyip-extender")
                                    ? "KUBECONFIG=" + extenderKubeconfig
                                    : schedulerKubeconfig.toString());
            assertThat(read(logs.resolve(proc + ".log"))
                            .lines()
                            .filter(l -> forbidden.matcher(l).find())
                            .toList())
                    .as("Forbidden in %s.log", proc)
                    .isEmpty();
        }
        assertThat(read(logs.resolve("stickyip-scheduler.log"))).contains("Successfully acquired lease");
    }

    static String whoAmI(Path kubeconfig) {
        try (KubernetesClient as = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(read(kubeconfig)))
                .build()) {
            return as.resource(new io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder().build())
                    .create()
                    .getStatus()
                    .getUserInfo()
                    .getUsername();
        }
    }
}
