package io.stickyip.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.pool.v1alpha1.Attachment;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fixed addresses on the real nodes' LAN, for the agent's e2e classes: one pool (macvlan on the nodes'
 * eth0) over the LAN's free addresses, whose gateway is the LAN client (it routes nowhere); Deployments
 * of the echo image pinned to a real node; what the LAN client gets from an address; what a node holds.
 */
final class FixedAddresses {
    static final String NS = "e2e-agent";
    static final String POOL = "e2e-lan";
    static final String READY = "stickyip.io/ip-ready";
    static final Duration WAIT = Duration.ofSeconds(90);

    final ClusterHarness cluster;
    final KubernetesClient k;
    final List<String> free;
    final String client;
    final String clientPid;

    FixedAddresses(ClusterHarness cluster) {
        this.cluster = cluster;
        this.k = cluster.client();
        Map<String, String> env = cluster.clusterEnv();
        String[] range = env.get("STICKYIP_LAN_FIXED_RANGE").split("-");
        String base = range[0].substring(0, range[0].lastIndexOf('.') + 1);
        int first = Integer.parseInt(range[0].substring(base.length()));
        int last = Integer.parseInt(range[1].substring(base.length()));
        List<String> addrs = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            addrs.add(base + i);
        }
        this.free = List.copyOf(addrs);
        this.client = env.get("STICKYIP_LAN_CLIENT_IP");
        this.clientPid = env.get("STICKYIP_LAN_CLIENT_PID");
    }

    /**
     * The shared cluster's LAN, its namespace and pool set up, for a class whose cases run on the real
     * nodes; the class is skipped (assumption) when they are turned off ({@code -Dstickyip.e2e.realNodes=0}).
     */
    static FixedAddresses onRealNodes() {
        ClusterHarness cluster = Clusters.get();
        assumeTrue(
                !"0".equals(System.getProperty("stickyip.e2e.realNodes", "2")),
                "real nodes turned off (-Dstickyip.e2e.realNodes=0)");
        FixedAddresses lan = new FixedAddresses(cluster);
        lan.setUp();
        return lan;
    }

    /** The namespace and the pool (idempotent: every class of the suite calls it). */
    void setUp() {
        k.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
        IPPool pool = Pools.pool(POOL, cluster.clusterEnv().get("STICKYIP_LAN_CIDR"), spec -> {
            spec.setGateway(client);
            spec.setNamespaces(List.of(NS));
            Attachment a = new Attachment();
            a.setMode(Attachment.Mode.MACVLAN);
            a.setMaster("eth0");
            spec.setAttachment(a);
        });
        k.resources(IPPool.class).resource(pool).serverSideApply();
    }

    /** A Deployment of one echo pod (Recreate) holding {@code addresses}, pinned to {@code node}. */
    Deployment deployment(String name, String node, String... addresses) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("stickyip.io/ip", String.join(",", addresses));
        if (addresses.length > 1) {
            annotations.put("stickyip.io/addresses-per-pod", Integer.toString(addresses.length));
        }
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewStrategy()
                .withType("Recreate")
                .endStrategy()
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .withAnnotations(annotations)
                .endMetadata()
                .withSpec(RealPods.echoPod(NS, name, node).getSpec())
                .endTemplate()
                .endSpec()
                .build();
    }

    /** Moves a Deployment's pod to {@code node} (Recreate: the old pod goes first). */
    void pin(String name, String node) {
        // an edit is a read-modify-write: the Deployment controller's status writes make it conflict, so again
        await().atMost(WAIT)
                .ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .until(() -> {
                    k.apps()
                            .deployments()
                            .inNamespace(NS)
                            .withName(name)
                            .edit(d -> new DeploymentBuilder(d)
                                    .editSpec()
                                    .editTemplate()
                                    .editSpec()
                                    .withNodeSelector(Map.of("kubernetes.io/hostname", node))
                                    .endSpec()
                                    .endTemplate()
                                    .endSpec()
                                    .build());
                    return true;
                });
    }

    List<Pod> pods(String app) {
        return k.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    /** The Deployment's one pod, Ready, on {@code node}. */
    Pod awaitReady(String app, String node) {
        return await().atMost(WAIT)
                .until(
                        () -> pods(app).stream()
                                .filter(p -> node.equals(p.getSpec().getNodeName()) && RealPods.isReady(p))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    static Optional<PodCondition> condition(Pod p, String type) {
        return p.getStatus() == null || p.getStatus().getConditions() == null
                ? Optional.empty()
                : p.getStatus().getConditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst();
    }

    /** What the echo server at {@code address} answers the LAN client ("" when nothing answers). */
    String fromLan(String address) {
        try {
            return cluster.lanExec("sh", "-c", "busybox nc -w 2 " + address + " 8080 </dev/null || true");
        } catch (IllegalStateException e) {
            return "";
        }
    }

    /** The addresses a node's agent Lease lists as attached. */
    List<String> attached(String node) {
        Lease l = k.leases()
                .inNamespace("stickyip-system")
                .withName(AgentLeases.name(node))
                .get();
        return l == null
                ? List.of()
                : ((AgentLeases.Read.Ok) AgentLeases.read(l))
                        .report().attached().stream().toList();
    }

    /**
     * What stickyip could have left on a real node: {@code sip*} links, proxy entries and routes to the LAN's
     * fixed addresses in the node's netns, and {@code sip*} links and rules in stickyip's band in every
     * sandbox netns; one line each, empty when clean.
     */
    List<String> leftovers(String node) {
        String script = """
                ip -o link show | awk -F': ' '$2 ~ /^sip/ {print "node link " $2}'
                ip neigh show proxy | sed 's/^/node proxy /'
                for f in %s; do ip route show table all | grep -w "$f" | sed 's/^/node route /'; done
                for n in /run/netns/cni-*; do
                  [ -e "$n" ] || continue
                  nsenter --net="$n" ip -o link show | awk -F': ' -v n="$n" '$2 ~ /^sip/ {print n " link " $2}'
                  for fam in -4 -6; do
                    nsenter --net="$n" ip $fam rule show | awk -v n="$n" '$1 ~ /^10[0-3][0-9]:$/ {print n " rule " $0}'
                  done
                done
                """.formatted(String.join(" ", free));
        String out = cluster.execOnNode(node, "sh", "-c", script);
        return Arrays.stream(out.split("\n"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    void deleteAll() {
        k.apps().deployments().inNamespace(NS).delete();
        k.pods().inNamespace(NS).delete();
        await().atMost(WAIT)
                .until(() -> k.pods().inNamespace(NS).list().getItems().isEmpty());
    }
}
