package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import io.stickyip.runtime.http.RawClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md, threats 3, 5 and 6, acted out: tenant B ({@code edit} in {@value #ASKER}) probes
 * tenant A's ({@value #HOLDER}) address with a dry run and a create, and squats A's StatefulSet slot with
 * hand-written keys; anyone who reaches the webhook trickles a body and floods it with odd kinds. Each
 * beside its positive control: A's own denial names its workload, A's slot comes back on its address,
 * the same body sent at once is answered, a pod review is counted.
 */
class TenantProbesE2EIT {
    static final String HOLDER = "e2e-holder";
    static final String ASKER = "e2e-asker";
    static final String POOL = "e2e-probes";
    static final String ADDRESS = "192.0.2.10";
    static final String RESERVED_IP = "stickyip.io/reserved-ip";
    static final Duration WAIT = Duration.ofSeconds(90);
    /** STICKYIP_REQUEST_READ_TIMEOUT's default (docs/admission.md, "Bounds"); the local cluster sets none. */
    static final Duration READ_BOUND = Duration.ofSeconds(10);

    static final Set<String> METERED_KINDS = Set.of("pod", "deployment", "statefulset", "ippool", "other");
    static final Pattern KIND_LABEL = Pattern.compile("kind=\"([^\"]*)\"");

    static ClusterHarness cluster;
    static KubernetesClient holder;
    static KubernetesClient asker;
    static WebhookWire wire;

    @BeforeAll
    static void setUp() {
        cluster = Clusters.get();
        KubernetesClient admin = cluster.client();
        holder = Identities.tenant(admin, HOLDER);
        asker = Identities.tenant(admin, ASKER);
        wire = new WebhookWire(cluster.clusterEnv());
        IPPool pool = Pools.pool(POOL, "192.0.2.0/26", spec -> {
            spec.setGateway("192.0.2.1");
            spec.setNamespaces(List.of(HOLDER, ASKER));
        });
        admin.resources(IPPool.class).resource(pool).serverSideApply();
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> pod(asker, ASKER, "probe", Map.of("stickyip.io/pool", POOL)) != null);
        asker.pods().inNamespace(ASKER).withName("probe").withGracePeriod(0).delete();
    }

    @AfterAll
    static void tearDown() {
        wire.close();
        holder.close();
        asker.close();
    }

    static Pod pod(KubernetesClient tenant, String namespace, String name, Map<String, String> annotations) {
        return tenant.pods()
                .inNamespace(namespace)
                .resource(podNamed(name, annotations))
                .create();
    }

    static Pod podNamed(String name, Map<String, String> annotations) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .addToContainers(Pods.app())
                .endSpec()
                .build();
    }

    static List<Pod> livePods(KubernetesClient tenant, String namespace, String app) {
        return tenant.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    @Test
    void aDryRunOrACreateProbingAnotherNamespacesAddressLearnsNeitherItsNamespaceNorItsWorkload() {
        holder.apps()
                .deployments()
                .inNamespace(HOLDER)
                .resource(StickyipE2EIT.deploymentIn(
                        HOLDER,
                        "ledger",
                        "Recreate",
                        Map.of("stickyip.io/ip", ADDRESS),
                        "registry.example/ledger:1",
                        1))
                .create();
        await().atMost(WAIT)
                .until(() -> livePods(holder, HOLDER, "ledger").stream()
                        .anyMatch(p ->
                                ADDRESS.equals(p.getMetadata().getAnnotations().get(RESERVED_IP))));
        String anonymous = "stickyip.io/ip: " + ADDRESS + " is already reserved by a workload in another namespace";

        assertThatThrownBy(() -> asker.pods()
                        .inNamespace(ASKER)
                        .resource(podNamed("guess", Map.of("stickyip.io/ip", ADDRESS)))
                        .dryRun()
                        .create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(anonymous)
                .hasMessageNotContaining(HOLDER)
                .hasMessageNotContaining("ledger");
        assertThatThrownBy(() -> pod(asker, ASKER, "guess", Map.of("stickyip.io/ip", ADDRESS)))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(anonymous)
                .hasMessageNotContaining(HOLDER)
                .hasMessageNotContaining("ledger");
        assertThat(asker.pods().inNamespace(ASKER).withName("guess").get()).isNull();

        // positive control: the holder's own second workload is told who holds the address
        assertThatThrownBy(() -> pod(holder, HOLDER, "second", Map.of("stickyip.io/ip", ADDRESS)))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(ADDRESS + " is reserved by deployment " + HOLDER + "/ledger");
        holder.apps().deployments().inNamespace(HOLDER).withName("ledger").delete();
    }

    @Test
    void aPodOfAnotherNamespaceCannotSquatAStatefulSetsSlotWhichComesBackOnItsAddress() {
        holder.apps()
                .statefulSets()
                .inNamespace(HOLDER)
                .resource(new StatefulSetBuilder()
                        .withNewMetadata()
                        .withName("db")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withServiceName("db")
                        .withNewSelector()
                        .addToMatchLabels("app", "db")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "db")
                        .addToAnnotations("stickyip.io/pool", POOL)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("db")
                        .withImage("registry.example/db:1")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        Pod db0 = await().atMost(WAIT)
                .until(
                        () -> holder.pods().inNamespace(HOLDER).withName("db-0").get(),
                        p -> p != null && p.getMetadata().getAnnotations().get(RESERVED_IP) != null);
        String address = db0.getMetadata().getAnnotations().get(RESERVED_IP);
        String slotOwner = HOLDER + "/statefulset/db";
        assertThat(db0.getMetadata().getAnnotations())
                .as("the keys the squatter forges are the slot's real ones")
                .containsEntry("stickyip.io/workload", slotOwner)
                .containsEntry("stickyip.io/slot", "0");

        // a Pending pod (no node matches) named like the slot's pod, carrying the slot's keys, with and without a
        // request
        Map<String, String> squat = Map.of("stickyip.io/workload", slotOwner, "stickyip.io/slot", "0");
        Map<String, String> squatWithRequest = new HashMap<>(squat);
        squatWithRequest.put("stickyip.io/pool", POOL);
        for (Map<String, String> keys : List.of(squat, squatWithRequest)) {
            assertThatThrownBy(() -> asker.pods()
                            .inNamespace(ASKER)
                            .resource(new PodBuilder(podNamed("db-0", keys))
                                    .editSpec()
                                    .addToNodeSelector("stickyip.io/nowhere", "true")
                                    .endSpec()
                                    .build())
                            .create())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("stickyip.io/workload is written by stickyip alone");
        }
        assertThat(asker.pods().inNamespace(ASKER).withName("db-0").get()).isNull();

        // positive control: the slot works for its own StatefulSet
        holder.pods().inNamespace(HOLDER).withName("db-0").withGracePeriod(0).delete();
        Pod again = await().atMost(WAIT)
                .until(
                        () -> holder.pods().inNamespace(HOLDER).withName("db-0").get(),
                        p -> p != null
                                && !p.getMetadata()
                                        .getUid()
                                        .equals(db0.getMetadata().getUid()));
        assertThat(again.getMetadata().getAnnotations())
                .containsEntry(RESERVED_IP, address)
                .containsEntry("stickyip.io/slot", "0");
        holder.apps().statefulSets().inNamespace(HOLDER).withName("db").delete();
    }

    /** A pod review as the API server would send it, asking for an address in no pool (denied, nothing reserved), about 3 KB. */
    static String podReview() {
        String uid = UUID.randomUUID().toString();
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s",
                 "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
                 "namespace":"%s","name":"wire","operation":"CREATE","dryRun":false,
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"wire","namespace":"%s",
                   "annotations":{"stickyip.io/ip":"192.0.2.200","note":"%s"}},
                 "spec":{"containers":[{"name":"a","image":"registry.example/a:1"}]}}}}
                """.formatted(uid, ASKER, ASKER, "x".repeat(3000));
    }

    static String postHeaders(String body) {
        return "POST /mutate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n";
    }

    @Test
    void aBodyTrickledSlowerThanTheReadBoundIsCutOffWithinIt() throws Exception {
        String body = podReview();
        // positive control: the same request sent at once is answered
        try (RawClient quick = wire.connect()) {
            quick.send(postHeaders(body) + body);
            await().atMost(Duration.ofSeconds(10)).until(() -> quick.received().contains("is in no IPPool"));
            assertThat(quick.received()).startsWith("HTTP/1.1 200");
        }

        try (RawClient slow = wire.connect()) {
            slow.send(postHeaders(body));
            slow.trickle(body, 20); // 50 bytes/s: a minute for the body
            await().atMost(READ_BOUND.plusSeconds(5)).until(slow.closedByServer::isDone);

            assertThat(slow.received()).startsWith("HTTP/1.1 408");
            assertThat(slow.trickled())
                    .as("bytes of the body sent before the cut")
                    .isLessThan(body.length());
        }
    }

    static String oddReview(String group, String kind) {
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s",
                 "kind":{"group":"%s","version":"v1","kind":"%s"},"resource":{"group":"%s","version":"v1","resource":"odds"},
                 "namespace":"%s","name":"odd","operation":"CREATE","dryRun":false,
                 "object":{"apiVersion":"%s/v1","kind":"%s","metadata":{"name":"odd","namespace":"%s"}}}}
                """.formatted(UUID.randomUUID(), group, kind, group, ASKER, group, kind, ASKER);
    }

    static double countOf(Map<String, Double> series, String kind) {
        return series.entrySet().stream()
                .filter(e -> e.getKey().contains("kind=\"" + kind + "\""))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    @Test
    void aFloodOfOddKindsMintsNoMetricSeries() throws Exception {
        Map<String, Double> before = wire.admissionSeries();
        for (int i = 0; i < 100; i++) {
            String kind = "Odd" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            assertThat(wire.post(i % 2 == 0 ? "/mutate" : "/validate", oddReview("g" + i + ".odd.example", kind)))
                    .as("review %d (%s)", i, kind)
                    .isEqualTo(200);
        }
        Map<String, Double> after = wire.admissionSeries();

        Set<String> minted = new TreeSet<>(after.keySet());
        minted.removeAll(before.keySet());
        assertThat(minted)
                .as("series the flood added (at most endpoint x result, kind other)")
                .hasSizeLessThanOrEqualTo(10)
                .allMatch(s -> s.contains("kind=\"other\""));
        for (String s : after.keySet()) {
            Matcher kind = KIND_LABEL.matcher(s);
            assertThat(kind.find() && METERED_KINDS.contains(kind.group(1)))
                    .as("kind label of %s", s)
                    .isTrue();
        }
        assertThat(String.join("\n", after.keySet())).doesNotContain("Odd").doesNotContain("odd.example");
        assertThat(countOf(after, "other") - countOf(before, "other"))
                .as("the flood was counted, as other")
                .isEqualTo(100.0);

        // positive control: a pod review moves the pod series
        double pods = countOf(after, "pod");
        assertThat(wire.post("/mutate", podReview())).isEqualTo(200);
        assertThat(countOf(wire.admissionSeries(), "pod")).isGreaterThan(pods);
    }
}
