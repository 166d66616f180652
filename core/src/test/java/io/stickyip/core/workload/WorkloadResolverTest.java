package io.stickyip.core.workload;

import static io.stickyip.core.testing.Pods.owner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.testing.Pods;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadResolverTest {

    static final String UID = "3f2a9c1e-7b4d-4e5f-9a8b-0c1d2e3f4a5b";

    static Pod pod(String name, String generateName, Map<String, String> labels, OwnerReference... owners) {
        return Pods.pod(null, name)
                .editMetadata()
                .withGenerateName(generateName)
                .withLabels(labels)
                .withOwnerReferences(owners)
                .endMetadata()
                .build();
    }

    static Stream<Arguments> pods() {
        return Stream.of(
                arguments(
                        "a Deployment's pod, through its ReplicaSet and pod-template-hash",
                        pod(
                                "db-7d4b9c8f5-x2x9q",
                                null,
                                Map.of("pod-template-hash", "7d4b9c8f5"),
                                owner("ReplicaSet", "db-7d4b9c8f5", true)),
                        new WorkloadRef("shop", "deployment", "db"),
                        OptionalInt.empty()),
                arguments(
                        "a Deployment with dashes in its name",
                        pod(
                                null,
                                "api-gw-v2-5c9f7b6d4-",
                                Map.of("pod-template-hash", "5c9f7b6d4"),
                                owner("ReplicaSet", "api-gw-v2-5c9f7b6d4", true)),
                        new WorkloadRef("shop", "deployment", "api-gw-v2"),
                        OptionalInt.empty()),
                arguments(
                        "a bare ReplicaSet's pod without pod-template-hash",
                        pod("cache-abcde", null, Map.of(), owner("ReplicaSet", "cache", true)),
                        new WorkloadRef("shop", "replicaset", "cache"),
                        OptionalInt.empty()),
                arguments(
                        "a ReplicaSet whose name does not end in the hash",
                        pod(
                                "cache-abcde",
                                null,
                                Map.of("pod-template-hash", "7d4b9c8f5"),
                                owner("ReplicaSet", "cache", true)),
                        new WorkloadRef("shop", "replicaset", "cache"),
                        OptionalInt.empty()),
                arguments(
                        "a ReplicaSet named only the hash",
                        pod(
                                "x",
                                null,
                                Map.of("pod-template-hash", "7d4b9c8f5"),
                                owner("ReplicaSet", "-7d4b9c8f5", true)),
                        new WorkloadRef("shop", "replicaset", "-7d4b9c8f5"),
                        OptionalInt.empty()),
                arguments(
                        "a StatefulSet pod with the pod-index label",
                        pod(
                                "web-2",
                                null,
                                Map.of("apps.kubernetes.io/pod-index", "2"),
                                owner("StatefulSet", "web", true)),
                        new WorkloadRef("shop", "statefulset", "web"),
                        OptionalInt.of(2)),
                arguments(
                        "a StatefulSet pod whose label disagrees with its name (a label alone can be copied onto any pod)",
                        pod(
                                "web-2",
                                null,
                                Map.of("apps.kubernetes.io/pod-index", "7"),
                                owner("StatefulSet", "web", true)),
                        new WorkloadRef("shop", "statefulset", "web"),
                        OptionalInt.empty()),
                arguments(
                        "a pod of another name carrying a StatefulSet's owner reference and pod-index label",
                        pod(
                                "impostor",
                                null,
                                Map.of("apps.kubernetes.io/pod-index", "0"),
                                owner("StatefulSet", "web", true)),
                        new WorkloadRef("shop", "statefulset", "web"),
                        OptionalInt.empty()),
                arguments(
                        "a StatefulSet pod whose suffix has a leading zero",
                        pod("web-01", null, Map.of(), owner("StatefulSet", "web", true)),
                        new WorkloadRef("shop", "statefulset", "web"),
                        OptionalInt.empty()),
                arguments(
                        "a StatefulSet pod known by its name suffix",
                        pod("web-13", null, Map.of(), owner("StatefulSet", "web", true)),
                        new WorkloadRef("shop", "statefulset", "web"),
                        OptionalInt.of(13)),
                arguments(
                        "a StatefulSet pod with a bad label",
                        pod(
                                "web-3",
                                null,
                                Map.of("apps.kubernetes.io/pod-index", "three"),
                                owner("StatefulSet", "web", true)),
                        new WorkloadRef("shop", "statefulset", "web"),
                        OptionalInt.empty()),
                arguments(
                        "a StatefulSet pod without an ordinal",
                        pod("other-name", null, Map.of(), owner("StatefulSet", "web", true)),
                        new WorkloadRef("shop", "statefulset", "web"),
                        OptionalInt.empty()),
                arguments(
                        "a StatefulSet pod with a non-numeric suffix",
                        pod("web-x", null, null, owner("StatefulSet", "web", true)),
                        new WorkloadRef("shop", "statefulset", "web"),
                        OptionalInt.empty()),
                arguments(
                        "a Job's pod",
                        pod("backup-abcde", null, Map.of(), owner("Job", "backup", true)),
                        new WorkloadRef("shop", "job", "backup"),
                        OptionalInt.empty()),
                arguments(
                        "a DaemonSet's pod",
                        pod("agent-abcde", null, Map.of(), owner("DaemonSet", "agent", true)),
                        new WorkloadRef("shop", "daemonset", "agent"),
                        OptionalInt.empty()),
                arguments(
                        "the controller among several owners",
                        pod("web-1", null, Map.of(), owner("ConfigMap", "x", null), owner("StatefulSet", "web", true)),
                        new WorkloadRef("shop", "statefulset", "web"),
                        OptionalInt.of(1)),
                arguments(
                        "a pod whose owners are not controllers, as a bare pod",
                        pod("lonely", null, Map.of(), owner("ReplicaSet", "rs", false), owner("ConfigMap", "x", null)),
                        new WorkloadRef("shop", "pod", "lonely"),
                        OptionalInt.of(0)),
                arguments(
                        "a pod whose controller reference has no kind, as a bare pod",
                        pod("odd", null, Map.of(), owner(null, "rs", true)),
                        new WorkloadRef("shop", "pod", "odd"),
                        OptionalInt.of(0)),
                arguments(
                        "a pod whose controller reference has no name, as a bare pod",
                        pod("odd", null, Map.of(), owner("ReplicaSet", null, true)),
                        new WorkloadRef("shop", "pod", "odd"),
                        OptionalInt.of(0)),
                arguments(
                        "a pod whose controller reference has a slash in its name, as a bare pod",
                        pod("odd", null, Map.of(), owner("StatefulSet", "a/b", true)),
                        new WorkloadRef("shop", "pod", "odd"),
                        OptionalInt.of(0)),
                arguments(
                        "a bare pod by its name",
                        pod("keepalived", null, null),
                        new WorkloadRef("shop", "pod", "keepalived"),
                        OptionalInt.of(0)),
                arguments(
                        "a bare pod with generateName, by the admission uid",
                        pod(null, "job-runner-", null),
                        new WorkloadRef("shop", "pod", "job-runner-3f2a9c1e7b4d"),
                        OptionalInt.of(0)),
                arguments(
                        "a bare pod with an empty name and no generateName",
                        pod("", null, null),
                        new WorkloadRef("shop", "pod", "pod-3f2a9c1e7b4d"),
                        OptionalInt.of(0)),
                arguments(
                        "a pod without metadata",
                        new Pod(),
                        new WorkloadRef("shop", "pod", "pod-3f2a9c1e7b4d"),
                        OptionalInt.of(0)));
    }

    @ParameterizedTest(name = "resolves {0}")
    @MethodSource("pods")
    void resolvesThePodsWorkloadAndSlot(String why, Pod pod, WorkloadRef workload, OptionalInt slot) {
        ResolvedWorkload resolved = WorkloadResolver.resolve(pod, "shop", UID);

        assertThat(resolved.workload()).isEqualTo(workload);
        assertThat(resolved.fixedSlot()).isEqualTo(slot);
    }

    @Test
    void keysTwoGeneratedBarePodsApart() {
        Pod pod = pod(null, "job-runner-", null);

        WorkloadRef a = WorkloadResolver.resolve(pod, "shop", UID).workload();
        WorkloadRef b = WorkloadResolver.resolve(pod, "shop", "9e8d7c6b-5a4f-3e2d-1c0b-a9f8e7d6c5b4")
                .workload();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void keysAShortUidWhole() {
        WorkloadRef ref =
                WorkloadResolver.resolve(pod(null, "x-", null), "shop", "abc").workload();

        assertThat(ref.name()).isEqualTo("x-abc");
    }
}
