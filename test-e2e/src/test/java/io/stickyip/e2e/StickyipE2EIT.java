package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stickyip.core.pool.v1alpha1.DnsOption;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * stickyip against a real kube-apiserver (which calls the webhook over TLS through the
 * MutatingWebhookConfiguration), kube-controller-manager (Deployments, ReplicaSets, StatefulSets,
 * garbage collection) and KWOK nodes.
 */
class StickyipE2EIT {
    static final String NS = "e2e";
    static final String DENIED_NS = "e2e-denied";
    static final String POOL = "e2e";
    static final String RESERVED_IP = "stickyip.io/reserved-ip";
    static final Duration WAIT = Duration.ofSeconds(90);

    static ClusterHarness cluster;
    static KubernetesClient k;

    @BeforeAll
    static void setUp() {
        cluster = Clusters.get();
        k = cluster.client();
        for (String ns : List.of(NS, DENIED_NS)) {
            k.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .serverSideApply();
        }
        IPPool pool = Pools.pool(POOL, "10.88.0.0/24", spec -> {
            spec.setGateway("10.88.0.1");
            spec.setNamespaces(List.of(NS));
        });
        k.resources(IPPool.class).resource(pool).serverSideApply();
        // the webhook's informer sees the pool within moments; an admission proves it
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> createBarePod("probe", Map.of("stickyip.io/pool", POOL)) != null);
        k.pods().inNamespace(NS).withName("probe").withGracePeriod(0).delete();
    }

    static Pod createBarePod(String name, Map<String, String> annotations) {
        return createBarePod(NS, name, annotations);
    }

    static Pod createBarePod(String namespace, String name, Map<String, String> annotations) {
        return k.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withAnnotations(annotations)
                        .endMetadata()
                        .withNewSpec()
                        .addToContainers(Pods.app())
                        .endSpec()
                        .build())
                .create();
    }

    static String reservedIp(Pod pod) {
        return pod.getMetadata().getAnnotations() == null
                ? null
                : pod.getMetadata().getAnnotations().get(RESERVED_IP);
    }

    static List<Pod> livePods(String label) {
        return k.pods().inNamespace(NS).withLabel("app", label).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    static Deployment deployment(String name, String strategy, Map<String, String> annotations, String image) {
        return deploymentIn(NS, name, strategy, annotations, image, 1);
    }

    static Deployment deploymentIn(
            String namespace,
            String name,
            String strategy,
            Map<String, String> annotations,
            String image,
            int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewStrategy()
                .withType(strategy)
                .endStrategy()
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(name)
                .withImage(image)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    @Test
    void aDeploymentKeepsItsAddressThroughPodDeletionAndRolloutAndReleasesItAfterDeletion() {
        k.apps()
                .deployments()
                .inNamespace(NS)
                .resource(deployment("db", "Recreate", Map.of("stickyip.io/pool", POOL), "registry.example/db:1.0"))
                .create();
        Pod first = await().atMost(WAIT)
                .until(() -> livePods("db").stream().findFirst().orElse(null), p -> p != null);
        String address = reservedIp(first);
        assertThat(address).startsWith("10.88.0.");

        k.pods()
                .inNamespace(NS)
                .withName(first.getMetadata().getName())
                .withGracePeriod(0)
                .delete();
        Pod second = await().atMost(WAIT)
                .until(
                        () -> livePods("db").stream()
                                .filter(p -> !p.getMetadata()
                                        .getUid()
                                        .equals(first.getMetadata().getUid()))
                                .findFirst()
                                .orElse(null),
                        p -> p != null);
        assertThat(reservedIp(second)).isEqualTo(address);

        // a strategic merge patch carries no resourceVersion: no conflict with the controller's own updates
        k.apps()
                .deployments()
                .inNamespace(NS)
                .withName("db")
                .patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"db\",\"image\":\"registry.example/db:1.1\"}]}}}}");
        Pod rolled = await().atMost(WAIT)
                .until(
                        () -> livePods("db").stream()
                                .filter(p -> p.getSpec()
                                        .getContainers()
                                        .getFirst()
                                        .getImage()
                                        .endsWith(":1.1"))
                                .findFirst()
                                .orElse(null),
                        p -> p != null);
        assertThat(reservedIp(rolled)).isEqualTo(address);

        assertThatThrownBy(() -> createBarePod("claimer", Map.of("stickyip.io/ip", address)))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(address + " is reserved by deployment e2e/db");
        k.apps().deployments().inNamespace(NS).withName("db").delete();
        await().atMost(WAIT)
                .until(() -> k.pods()
                        .inNamespace(NS)
                        .withLabel("app", "db")
                        .list()
                        .getItems()
                        .isEmpty());
        Pod claimer = await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> createBarePod("claimer", Map.of("stickyip.io/ip", address)), p -> p != null);
        assertThat(reservedIp(claimer)).isEqualTo(address);
    }

    @Test
    void aDeploymentOfThreePodsHoldsThreeDistinctAddressesAndKeepsThemAcrossPodDeletion() {
        k.apps()
                .deployments()
                .inNamespace(NS)
                .resource(new DeploymentBuilder(deployment(
                                "trio", "Recreate", Map.of("stickyip.io/pool", POOL), "registry.example/trio:1"))
                        .editSpec()
                        .withReplicas(3)
                        .endSpec()
                        .build())
                .create();
        await().atMost(WAIT)
                .until(() -> livePods("trio").size() == 3
                        && livePods("trio").stream().allMatch(p -> reservedIp(p) != null));
        Map<String, String> bySlot = addressesBySlot(livePods("trio"));
        assertThat(bySlot).containsOnlyKeys("0", "1", "2");
        assertThat(new HashSet<>(bySlot.values()))
                .as("three pods, three distinct addresses")
                .hasSize(3);

        // one pod at a time: its replacement takes the freed slot and its address
        for (Pod pod : livePods("trio")) {
            k.pods()
                    .inNamespace(NS)
                    .withName(pod.getMetadata().getName())
                    .withGracePeriod(0)
                    .delete();
            await().atMost(WAIT).until(() -> {
                List<Pod> live = livePods("trio");
                return live.size() == 3
                        && live.stream()
                                .noneMatch(p -> p.getMetadata()
                                        .getUid()
                                        .equals(pod.getMetadata().getUid()))
                        && live.stream().allMatch(p -> reservedIp(p) != null);
            });
            assertThat(addressesBySlot(livePods("trio"))).isEqualTo(bySlot);
        }

        // all at once
        Set<String> before = new HashSet<>(
                livePods("trio").stream().map(p -> p.getMetadata().getUid()).toList());
        k.pods().inNamespace(NS).withLabel("app", "trio").withGracePeriod(0).delete();
        await().atMost(WAIT).until(() -> {
            List<Pod> live = livePods("trio");
            return live.size() == 3
                    && live.stream()
                            .noneMatch(p -> before.contains(p.getMetadata().getUid()))
                    && live.stream().allMatch(p -> reservedIp(p) != null);
        });
        assertThat(addressesBySlot(livePods("trio"))).isEqualTo(bySlot);
        k.apps().deployments().inNamespace(NS).withName("trio").delete();
    }

    static Map<String, String> addressesBySlot(List<Pod> pods) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Pod p : pods) {
            String previous = out.put(p.getMetadata().getAnnotations().get("stickyip.io/slot"), reservedIp(p));
            assertThat(previous)
                    .as(
                            "two live pods in slot %s",
                            p.getMetadata().getAnnotations().get("stickyip.io/slot"))
                    .isNull();
        }
        return out;
    }

    @Test
    void aStatefulSetOrdinalHoldsItsAddressAcrossPodDeletion() {
        List<String> addresses = List.of("10.88.0.101", "10.88.0.102", "10.88.0.103");
        StatefulSet sts = new StatefulSetBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withServiceName("web")
                .withPodManagementPolicy("Parallel")
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .addToAnnotations("stickyip.io/ip", String.join(",", addresses))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("registry.example/web:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        k.apps().statefulSets().inNamespace(NS).resource(sts).create();
        await().atMost(WAIT).until(() -> livePods("web").size() == 3);
        for (int i = 0; i < 3; i++) {
            assertThat(reservedIp(k.pods().inNamespace(NS).withName("web-" + i).get()))
                    .isEqualTo(addresses.get(i));
        }
        String uid =
                k.pods().inNamespace(NS).withName("web-1").get().getMetadata().getUid();
        k.pods().inNamespace(NS).withName("web-1").withGracePeriod(0).delete();
        Pod again = await().atMost(WAIT)
                .until(
                        () -> k.pods().inNamespace(NS).withName("web-1").get(),
                        p -> p != null && !p.getMetadata().getUid().equals(uid));
        assertThat(reservedIp(again)).isEqualTo("10.88.0.102");
        k.apps().statefulSets().inNamespace(NS).withName("web").delete();
    }

    @Test
    void kubeIpamAnnotationsAreAcceptedUnchanged() {
        Pod pod = createBarePod(
                "legacy",
                Map.of("kube-ipam.ip", "10.88.0.50", "kube-ipam.netmask", "24", "kube-ipam.gateway", "10.88.0.1"));
        assertThat(reservedIp(pod)).isEqualTo("10.88.0.50");
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry("stickyip.io/prefix-length", "24")
                .containsEntry("stickyip.io/gateway", "10.88.0.1");
        assertThat(pod.getSpec().getReadinessGates())
                .anyMatch(g -> g.getConditionType().equals("stickyip.io/ip-ready"));
    }

    @Test
    void aPoolsDnsIsWrittenIntoThePodsDnsConfig() {
        IPPool pool = Pools.pool(
                "e2e-dns",
                "10.87.0.0/28",
                spec -> spec.setDns(
                        Pools.dns(List.of("198.51.100.53"), List.of("lan.example"), new DnsOption("ndots", "2"))));
        k.resources(IPPool.class).resource(pool).serverSideApply();
        Pod created = await().atMost(WAIT)
                .ignoreExceptions()
                .until(
                        () -> k.pods()
                                .inNamespace(NS)
                                .resource(new PodBuilder()
                                        .withNewMetadata()
                                        .withName("resolver")
                                        .withAnnotations(Map.of("stickyip.io/pool", "e2e-dns"))
                                        .endMetadata()
                                        .withNewSpec()
                                        .addToContainers(Pods.app())
                                        .withNewDnsConfig()
                                        .withSearches("corp.example")
                                        .endDnsConfig()
                                        .endSpec()
                                        .build())
                                .create(),
                        p -> p != null);

        Pod stored = k.pods()
                .inNamespace(NS)
                .withName(created.getMetadata().getName())
                .get();
        assertThat(reservedIp(stored)).startsWith("10.87.0.");
        assertThat(stored.getSpec().getDnsPolicy())
                .as("the API server defaulted ClusterFirst; the pool's policy None replaced it")
                .isEqualTo("None");
        assertThat(stored.getSpec().getDnsConfig().getNameservers()).containsExactly("198.51.100.53");
        assertThat(stored.getSpec().getDnsConfig().getSearches())
                .as("the pod's own first")
                .containsExactly("corp.example", "lan.example");
        assertThat(stored.getSpec().getDnsConfig().getOptions()).containsExactly(new PodDNSConfigOption("ndots", "2"));
        k.pods().inNamespace(NS).withName("resolver").withGracePeriod(0).delete();
    }

    @Test
    void thePoolStatusCountsReservedAndFreeAddresses() {
        createBarePod("counted", Map.of("stickyip.io/pool", POOL));
        IPPool pool = await().atMost(WAIT)
                .until(
                        () -> k.resources(IPPool.class).withName(POOL).get(),
                        p -> p.getStatus() != null
                                && p.getStatus().getReserved() != null
                                && p.getStatus().getReserved() >= 1);
        assertThat(pool.getStatus().getTotal()).isEqualTo(253L);
        assertThat(pool.getStatus().getFree()).isEqualTo(253L - pool.getStatus().getReserved());
    }

    @Test
    void aRollingUpdateDeploymentWithOneAddressIsDenied() {
        assertThatThrownBy(() -> k.apps()
                        .deployments()
                        .inNamespace(NS)
                        .resource(deployment(
                                "rolling",
                                "RollingUpdate",
                                Map.of("stickyip.io/ip", "10.88.0.60"),
                                "registry.example/a:1"))
                        .create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("deployment rolling: strategy RollingUpdate needs 2 addresses");
    }

    @Test
    void aNamespaceThePoolDoesNotAllowIsDenied() {
        assertThatThrownBy(() -> createBarePod(DENIED_NS, "nope", Map.of("stickyip.io/pool", POOL)))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("namespace e2e-denied may not use pool e2e");
    }

    @Test
    void aServerDryRunReservesNothing() {
        Pod dry = k.pods()
                .inNamespace(NS)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("dry")
                        .withAnnotations(Map.of("stickyip.io/pool", POOL))
                        .endMetadata()
                        .withNewSpec()
                        .addToContainers(Pods.app())
                        .endSpec()
                        .build())
                .dryRun()
                .create();
        String address = reservedIp(dry);
        assertThat(address).startsWith("10.88.0.");
        assertThat(k.pods().inNamespace(NS).withName("dry").get()).isNull();
        assertThat(reservedIp(createBarePod("after-dry", Map.of("stickyip.io/ip", address))))
                .isEqualTo(address);
    }

    @Test
    void podsWithoutAnnotationsNeverReachTheWebhookAndAnnotatedPodsFailClosedWhileItIsDown() {
        double before = cluster.mutateRequests();
        for (int i = 0; i < 5; i++) {
            createBarePod("plain-" + i, Map.of());
        }
        assertThat(cluster.mutateRequests()).isEqualTo(before);
        // positive control: the same count moves for a pod that does reach the webhook
        assertThat(reservedIp(createBarePod("fixed-control", Map.of("stickyip.io/pool", POOL))))
                .startsWith("10.88.0.");
        assertThat(cluster.mutateRequests())
                .as("admission requests after an annotated pod")
                .isGreaterThan(before);
        cluster.stopWebhook(1);
        cluster.stopWebhook(2);
        try {
            assertThat(createBarePod("plain-while-down", Map.of())).isNotNull();
            assertThatThrownBy(() -> createBarePod("fixed-while-down", Map.of("stickyip.io/pool", POOL)))
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("pods.stickyip.io");
        } finally {
            cluster.startWebhooks();
        }
        Pod back = await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> createBarePod("fixed-while-down", Map.of("stickyip.io/pool", POOL)), p -> p != null);
        assertThat(reservedIp(back)).startsWith("10.88.0.");
    }

    @Test
    void aBurstOfOneHundredPodsWithAReplicaKilledAdmitsEachOnceWithDistinctAddresses() throws Exception {
        int n = 100;
        AtomicInteger created = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        RetryPolicy<Object> whileAReplicaIsDown = RetryPolicy.builder()
                .handle(KubernetesClientException.class)
                .withMaxAttempts(20)
                .withDelayFn(attempts -> Duration.ofMillis(250L * attempts.getAttemptCount()))
                .onRetry(e -> retries.incrementAndGet())
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "burst-" + i;
                futures.add(pool.submit(() -> Failsafe.with(whileAReplicaIsDown).run(() -> {
                    try {
                        createBarePod(name, Map.of("stickyip.io/pool", POOL));
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 409) { // 409: created by an attempt whose answer was lost
                            throw e;
                        }
                    }
                    created.incrementAndGet();
                })));
                if (i == n / 3) {
                    cluster.killWebhook(1);
                }
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            cluster.startWebhook(1);
        }
        List<Pod> pods = k.pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith("burst-"))
                .toList();
        assertThat(pods).hasSize(n);
        Set<String> addresses = new HashSet<>();
        for (Pod p : pods) {
            assertThat(reservedIp(p)).as(p.getMetadata().getName()).startsWith("10.88.0.");
            assertThat(addresses.add(reservedIp(p)))
                    .as("address %s given twice", reservedIp(p))
                    .isTrue();
        }
        System.err.printf(
                "burst: %d pods, %d creation retries after the replica was killed%n", created.get(), retries.get());
    }
}
