package io.stickyip.extender.it;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.node.AgentReport;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import io.stickyip.extender.wire.ExtenderArgs;
import io.stickyip.extender.wire.ExtenderJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Objects for the extender's view, written to an API server, and the calls kube-scheduler sends. */
final class Cluster {
    private final KubernetesClient k;
    private final ExtenderJson json = new ExtenderJson();

    Cluster(KubernetesClient k) {
        this.k = k;
    }

    void pool(String name, String cidr, Consumer<IPPoolSpec> rules) {
        k.resource(Pools.pool(name, cidr, rules)).create();
    }

    static Node nodeObject(String name, String zone, String internalIP) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(NodeFacts.ZONE_LABEL, zone))
                .endMetadata()
                .withNewStatus()
                .withAddresses(new NodeAddress(internalIP, "InternalIP"))
                .endStatus()
                .build();
    }

    void node(String name, String zone, String internalIP) {
        k.resource(nodeObject(name, zone, internalIP)).create();
    }

    void agent(String node, int free, String... attached) {
        k.resource(AgentLeases.toLease(
                        "stickyip-system",
                        new AgentReport(
                                node,
                                "agent-" + node,
                                Instant.now(),
                                Duration.ofSeconds(40),
                                free,
                                new TreeSet<>(List.of(attached)))))
                .createOr(c -> c.update());
    }

    static Pod pod(String name, String addresses, String pools) {
        return Pods.reserved("shop", name, "shop/StatefulSet/db", "0", addresses, pools)
                .editMetadata()
                .withUid("uid-" + name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("db")
                .withImage("registry.example/db:1")
                .withNewResources()
                .addToRequests(Annotations.EXTENDED_RESOURCE, new Quantity("1"))
                .addToLimits(Annotations.EXTENDED_RESOURCE, new Quantity("1"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }

    String args(Pod pod, String... nodes) {
        return new String(
                json.mapper().writeValueAsBytes(new ExtenderArgs(pod, null, List.of(nodes))),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    KubernetesClient client() {
        return k;
    }
}
