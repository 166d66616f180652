package io.stickyip.agent.standin;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.agent.pods.LocalPods;
import io.stickyip.agent.pods.PodReporter;
import io.stickyip.agent.work.Outcome;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.runtime.kube.Cache;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** The stand-in's pods: a managed pod bound to a served node gets {@code stickyip.io/ip-ready} True; its addresses count as attached. */
final class StandInPods {
    static final String REASON = "StandIn";

    private final LocalPods pods;
    private final Cache<Node> nodes;
    private final PodReporter reporter;

    StandInPods(LocalPods pods, Cache<Node> nodes, PodReporter reporter) {
        this.pods = pods;
        this.nodes = nodes;
        this.reporter = reporter;
    }

    Outcome reconcile(String uid) {
        Optional<Pod> pod = pods.byUid(uid);
        if (pod.isEmpty() || served(pod.get()).isEmpty()) {
            return Outcome.done();
        }
        Optional<ManagedPod> mp = ManagedPod.read(pod.get());
        if (mp.isEmpty() || !mp.get().complete() || mp.get().ipReady() == ManagedPod.Condition.TRUE) {
            return Outcome.done();
        }
        try {
            reporter.condition(pod.get(), true, REASON, "stand-in agent (a KWOK node has no data plane): "
                    + String.join(",", mp.get().addresses()) + " counted live on node " + pod.get().getSpec().getNodeName());
        } catch (KubernetesClientException e) {
            return new Outcome.Failed("condition", e.getMessage());
        }
        return Outcome.done();
    }

    /** Per served node, the addresses of its pods whose condition is set. */
    Map<String, SortedSet<String>> attachedByNode() {
        Map<String, SortedSet<String>> out = new HashMap<>();
        for (Pod p : pods.all()) {
            Optional<String> node = served(p);
            if (node.isEmpty()) {
                continue;
            }
            ManagedPod.read(p).filter(mp -> mp.ipReady() == ManagedPod.Condition.TRUE)
                    .ifPresent(mp -> out.computeIfAbsent(node.get(), n -> new TreeSet<>()).addAll(mp.addresses()));
        }
        return out;
    }

    /** The served node the pod is bound to, if it is bound to one and still running there. */
    private Optional<String> served(Pod p) {
        String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
        if (node == null || p.getMetadata().getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return Optional.empty();
        }
        return nodes.get("", node).map(n -> node);
    }
}
