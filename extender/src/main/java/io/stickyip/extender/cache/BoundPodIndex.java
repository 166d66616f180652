package io.stickyip.extender.cache;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.stickyip.core.contract.ManagedPod;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reserved addresses of managed pods bound to each node and not finished (phase neither
 * Succeeded nor Failed): room they take on the node, attached yet or not.
 */
public final class BoundPodIndex implements ResourceEventHandler<Pod> {
    /** node → pod UID → its addresses; each node's map is immutable, replaced whole (a read never iterates a map being changed) */
    private final ConcurrentHashMap<String, Map<String, List<String>>> byNode = new ConcurrentHashMap<>();
    /** pod UID → the node it was indexed under, so a pod is never counted on two nodes */
    private final ConcurrentHashMap<String, String> nodeOf = new ConcurrentHashMap<>();

    @Override
    public void onAdd(Pod pod) {
        String uid = uid(pod);
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        List<String> addresses = ManagedPod.read(pod).map(ManagedPod::addresses).orElse(List.of());
        if (node == null || node.isEmpty() || finished(pod) || addresses.isEmpty()) {
            remove(uid);
            return;
        }
        String before = nodeOf.put(uid, node);
        if (before != null && !before.equals(node)) {
            removeFrom(before, uid);
        }
        byNode.compute(node, (n, pods) -> {
            Map<String, List<String>> next = pods == null ? new HashMap<>() : new HashMap<>(pods);
            next.put(uid, List.copyOf(addresses));
            return Map.copyOf(next);
        });
    }

    @Override
    public void onUpdate(Pod oldPod, Pod pod) {
        onAdd(pod);
    }

    @Override
    public void onDelete(Pod pod, boolean unknownFinalState) {
        remove(uid(pod));
    }

    private void remove(String uid) {
        String node = nodeOf.remove(uid);
        if (node != null) {
            removeFrom(node, uid);
        }
    }

    private void removeFrom(String node, String uid) {
        byNode.computeIfPresent(node, (n, pods) -> {
            Map<String, List<String>> next = new HashMap<>(pods);
            next.remove(uid);
            return next.isEmpty() ? null : Map.copyOf(next);
        });
    }

    private static String uid(Pod pod) {
        String uid = pod.getMetadata().getUid();
        return uid != null
                ? uid
                : pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Addresses of pods bound to {@code node}, other than {@code exceptUid}'s, that are not in {@code attached}. */
    public int pending(String node, String exceptUid, Set<String> attached) {
        Map<String, List<String>> pods = byNode.get(node);
        if (pods == null) {
            return 0;
        }
        Set<String> distinct = null; // an old and a new pod of one workload may both be bound here
        String first = null;
        for (Map.Entry<String, List<String>> e : pods.entrySet()) {
            if (e.getKey().equals(exceptUid)) {
                continue;
            }
            for (String address : e.getValue()) {
                if (attached.contains(address) || address.equals(first)) {
                    continue;
                }
                if (first == null) {
                    first = address;
                } else {
                    if (distinct == null) {
                        distinct = new HashSet<>();
                        distinct.add(first);
                    }
                    distinct.add(address);
                }
            }
        }
        return distinct != null ? distinct.size() : first != null ? 1 : 0;
    }
}
