package io.stickyip.extender.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.node.AgentReport;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import io.stickyip.extender.cache.AgentIndex;
import io.stickyip.extender.cache.BoundPodIndex;
import io.stickyip.extender.cache.ExtenderView;
import io.stickyip.extender.cache.NodeIndex;
import io.stickyip.extender.cache.PoolPlacements;
import io.stickyip.extender.wire.ExtenderArgs;
import io.stickyip.extender.wire.ExtenderJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A cluster of {@code n} nodes as the extender's informers would hold it, fed through the same
 * index classes: three zones, one /24 node subnet per zone and 256 nodes, an alive agent on every
 * node, one managed pod bound on every other node, and one pool allowing two of the three zones
 * and their subnets; plus request bodies as kube-scheduler sends them.
 */
final class SyntheticCluster {
    static final String POOL = "bench";
    private final int nodes;
    private final ExtenderView view;

    private SyntheticCluster(int nodes, ExtenderView view) {
        this.nodes = nodes;
        this.view = view;
    }

    static SyntheticCluster of(int n) {
        AgentIndex agents = new AgentIndex();
        NodeIndex nodeIndex = new NodeIndex(agents);
        BoundPodIndex pods = new BoundPodIndex();
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            String name = name(i);
            nodeIndex.onAdd(node(name, i));
            agents.onAdd(AgentLeases.toLease(
                    "stickyip-system",
                    new AgentReport(
                            name,
                            "bench",
                            now,
                            Duration.ofHours(1),
                            64,
                            new TreeSet<>(i == 7 ? List.of("10.0.0.10") : List.of()))));
            if (i % 2 == 0) {
                Pod bound = pod("bound-" + i, address(i));
                bound.getSpec().setNodeName(name);
                pods.onAdd(bound);
            }
        }
        PoolCatalog catalog = PoolCatalog.of(List.of(pool()));
        return new SyntheticCluster(n, new ExtenderView(nodeIndex, new PoolPlacements(() -> catalog), agents, pods));
    }

    static String name(int i) {
        return "node-" + i;
    }

    static Node node(String name, int i) {
        int zone = i % 3;
        String ip = "10." + (100 + zone) + "." + (i / 3 / 250) + "." + (1 + i / 3 % 250);
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(
                        Map.of(NodeFacts.ZONE_LABEL, "zone-" + zone, "kubernetes.io/hostname", name, "type", "bench"))
                .endMetadata()
                .withNewStatus()
                .withAddresses(new NodeAddress(ip, "InternalIP"), new NodeAddress(name, "Hostname"))
                .endStatus()
                .build();
    }

    static String address(int i) {
        return "10.0." + (i / 250) + "." + (1 + i % 250);
    }

    static IPPool pool() {
        return Pools.pool(POOL, "10.0.0.0/16", s -> {
            s.setZones(List.of("zone-0", "zone-1"));
            s.setSubnets(List.of("10.100.0.0/16", "10.101.0.0/16"));
        });
    }

    static Pod pod(String name, String address) {
        return Pods.reserved("bench", name, "bench/pod/" + name, "0", address, POOL)
                .editMetadata()
                .withUid("uid-" + name)
                .addToAnnotations(Annotations.PREFIX_LENGTH, "16")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("registry.example/app:1")
                .withNewResources()
                .addToRequests(Annotations.EXTENDED_RESOURCE, new Quantity("1"))
                .addToLimits(Annotations.EXTENDED_RESOURCE, new Quantity("1"))
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("64Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }

    /**
     * How many nodes kube-scheduler sends with percentageOfNodesToScore unset (its adaptive rule,
     * pkg/scheduler/schedule_one.go numFeasibleNodesToFind): all below 100 nodes, else
     * max(5, 50 - n/125) percent of them, at least 100.
     */
    static int sentNodes(int n) {
        if (n < 100) {
            return n;
        }
        int percent = Math.max(5, 50 - n / 125);
        return Math.max(100, n * percent / 100);
    }

    /** {@code count} filter/prioritize bodies, each for a fresh pod and a random sample of nodes. */
    List<byte[]> bodies(int count, long seed) {
        ExtenderJson json = new ExtenderJson();
        Random random = new Random(seed);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            all.add(name(i));
        }
        int sent = sentNodes(nodes);
        List<byte[]> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            Collections.shuffle(all, random);
            Pod pod = pod("db-" + c, c == 0 ? "10.0.0.10" : "10.0.200." + (1 + c % 250));
            out.add(json.mapper().writeValueAsBytes(new ExtenderArgs(pod, null, List.copyOf(all.subList(0, sent)))));
        }
        return out;
    }

    ExtenderView view() {
        return view;
    }
}
