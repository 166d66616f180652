package io.stickyip.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.testing.Pods;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pods for the real nodes (the local test image, tolerating their taint) and what their sandboxes
 * look like inside a node: containerd's containers ({@code ctr}) and their network namespaces.
 */
final class RealPods {
    /** busybox plus /echo-server, which answers each TCP connection with the peer address it sees. */
    static final String ECHO_IMAGE = "stickyip.local/echo:1";

    static final int ECHO_PORT = 8080;

    private final ClusterHarness cluster;

    RealPods(ClusterHarness cluster) {
        this.cluster = cluster;
    }

    /** A pod running the echo server, pinned to {@code node}. */
    static Pod echoPod(String namespace, String name, String node) {
        return Pods.pod(namespace, name)
                .editMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withNodeSelector(Map.of("kubernetes.io/hostname", node))
                .addNewToleration()
                .withKey(ClusterHarness.REAL_NODE_TAINT)
                .withOperator("Exists")
                .withEffect("NoSchedule")
                .endToleration()
                .withTerminationGracePeriodSeconds(5L)
                .addNewContainer()
                .withName("echo")
                .withImage(ECHO_IMAGE)
                .withImagePullPolicy("Never")
                .addNewPort()
                .withContainerPort(ECHO_PORT)
                .endPort()
                .endContainer()
                .endSpec()
                .build();
    }

    static boolean isReady(Pod p) {
        return p != null
                && p.getStatus() != null
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The id of the pod's sandbox in the node's containerd, if it has one. */
    Optional<String> sandboxId(String node, String podUid) {
        String out = cluster.execOnNode(
                node,
                "ctr",
                "-n",
                "k8s.io",
                "containers",
                "ls",
                "-q",
                "labels.\"io.kubernetes.pod.uid\"==" + podUid + ",labels.\"io.cri-containerd.kind\"==sandbox");
        List<String> ids = Arrays.stream(out.split("\n"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (ids.size() > 1) {
            throw new AssertionError("pod " + podUid + " has " + ids.size() + " sandboxes on " + node + ": " + ids);
        }
        return ids.stream().findFirst();
    }

    /** Whether the node's containerd still has a task (a process) for container {@code id}. */
    boolean hasTask(String node, String id) {
        return Arrays.stream(cluster.execOnNode(node, "ctr", "-n", "k8s.io", "tasks", "ls", "-q")
                        .split("\n"))
                .anyMatch(l -> l.trim().equals(id));
    }

    /** The network namespace path (inside the node's mount namespace) in the sandbox's OCI spec. */
    @SuppressWarnings("unchecked")
    String netnsPath(String node, String sandboxId) {
        Map<String, Object> info = Serialization.unmarshal(
                cluster.execOnNode(node, "ctr", "-n", "k8s.io", "containers", "info", sandboxId), Map.class);
        Map<String, Object> linux = (Map<String, Object>)
                ((Map<String, Object>) info.getOrDefault("Spec", Map.of())).getOrDefault("linux", Map.of());
        for (Map<String, Object> ns : (List<Map<String, Object>>) linux.getOrDefault("namespaces", List.of())) {
            if ("network".equals(ns.get("type")) && ns.get("path") instanceof String path && !path.isEmpty()) {
                return path;
            }
        }
        throw new AssertionError("sandbox " + sandboxId + " on " + node + " names no network namespace: " + info);
    }

    /** {@code ip -4 -o addr show dev eth0} inside the given network namespace of the node. */
    String ipv4AddressesIn(String node, String netnsPath) {
        return cluster.execOnNode(
                node, "nsenter", "--net=" + netnsPath, "ip", "-4", "-o", "addr", "show", "dev", "eth0");
    }

    /** {@code ip -4 -o addr show}: every IPv4 address on every device of the given network namespace of the node. */
    String allIpv4AddressesIn(String node, String netnsPath) {
        return cluster.execOnNode(node, "nsenter", "--net=" + netnsPath, "ip", "-4", "-o", "addr", "show");
    }

    static boolean isRunning(Pod p) {
        return p != null
                && p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase());
    }

    /** Whether {@code path} exists inside the node's mount namespace. */
    boolean existsOnNode(String node, String path) {
        return cluster.execOnNode(node, "sh", "-c", "if test -e \"$1\"; then echo yes; else echo no; fi", "sh", path)
                .trim()
                .equals("yes");
    }
}
