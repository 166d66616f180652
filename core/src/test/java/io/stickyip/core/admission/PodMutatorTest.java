package io.stickyip.core.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ReservationSeal;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.pool.v1alpha1.Dns;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.workload.WorkloadRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodMutatorTest {

    static final WorkloadRef DB = new WorkloadRef("default", "deployment", "db");
    static final Assignment ONE =
            new Assignment(DB, 0, List.of("10.77.0.10"), List.of("demo"), OptionalInt.of(24), Optional.of("10.77.0.1"));
    static final Assignment DUAL = new Assignment(
            new WorkloadRef("default", "statefulset", "web"),
            2,
            List.of("10.77.0.12", "fd77::12"),
            List.of("demo", "demo6"),
            OptionalInt.of(24),
            Optional.empty());
    static final Assignment SAME_POOL_TWICE = new Assignment(
            DB,
            1,
            List.of("203.0.113.7", "203.0.113.8"),
            List.of("public-eu", "public-eu"),
            OptionalInt.empty(),
            Optional.empty());

    static Pod plain() {
        return Pods.pod("default", "db-7d4b9c8f5-x2x9q")
                .editMetadata()
                .addToAnnotations("stickyip.io/pool", "demo")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("db")
                .withImage("registry.example/db:1.0")
                .endContainer()
                .addNewContainer()
                .withName("sidecar")
                .withImage("registry.example/sidecar:1.0")
                .endContainer()
                .endSpec()
                .build();
    }

    static Pod busy() {
        return new PodBuilder(plain())
                .editMetadata()
                .addToLabels("app", "db")
                .addToAnnotations("team", "storage")
                .endMetadata()
                .editSpec()
                .addNewReadinessGate("example.com/other")
                .editFirstContainer()
                .withNewResources()
                .addToRequests("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("1Gi"))
                .endResources()
                .endContainer()
                .withSchedulerName("default-scheduler")
                .endSpec()
                .build();
    }

    static Pod bare() {
        Pod pod = Pods.pod(null, "lonely")
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .endContainer()
                .endSpec()
                .build();
        pod.getMetadata().setAnnotations(null);
        pod.getMetadata().setLabels(null);
        pod.getSpec().setReadinessGates(null);
        return pod;
    }

    static Pod noContainers() {
        return Pods.pod(null, "empty").withNewSpec().endSpec().build();
    }

    @Test
    void writesTheAssignmentOntoThePod() {
        Pod pod = MutatedPods.mutated(plain(), ONE, Optional.empty());

        assertThat(pod.getMetadata().getAnnotations())
                .containsAllEntriesOf(Map.of(
                        "stickyip.io/pool", "demo",
                        "stickyip.io/reserved-ip", "10.77.0.10",
                        "stickyip.io/reserved-pool", "demo",
                        "stickyip.io/workload", "default/deployment/db",
                        "stickyip.io/slot", "0",
                        "stickyip.io/prefix-length", "24",
                        "stickyip.io/gateway", "10.77.0.1"));
        assertThat(pod.getMetadata().getLabels()).containsEntry("stickyip.io/managed", "true");
        assertThat(pod.getSpec().getReadinessGates())
                .extracting("conditionType")
                .containsExactly("stickyip.io/ip-ready");
        assertThat(pod.getSpec().getContainers().getFirst().getResources().getRequests())
                .containsExactly(Map.entry("stickyip.io/ip", new Quantity("1")));
        assertThat(pod.getSpec().getContainers().getFirst().getResources().getLimits())
                .containsExactly(Map.entry("stickyip.io/ip", new Quantity("1")));
        assertThat(pod.getSpec().getContainers().get(1).getResources()).isNull();
        assertThat(pod.getSpec().getSchedulerName()).isNull();
    }

    @Test
    void sealsTheFinalWrittenValuesSoTheMutatedPodVerifiesAndOnlyThere() {
        Pod original = new PodBuilder(plain())
                .editMetadata()
                .addToAnnotations(Annotations.GATEWAY, "10.77.0.254")
                .endMetadata()
                .build();
        Assignment assignment = DUAL.withClaim("uid-1");
        String seal = ReservationSeal.sign(TestSeals.KEY, "default", "uid-1", PodMutator.written(assignment));

        Pod mutated = MutatedPods.apply(
                original,
                PodMutator.edits(original, assignment, Optional.empty(), Optional.empty(), Optional.of(seal)));
        Pod again = MutatedPods.apply(
                mutated, PodMutator.edits(mutated, assignment, Optional.empty(), Optional.empty(), Optional.of(seal)));

        assertThat(mutated.getMetadata().getAnnotations())
                .containsEntry(Annotations.SEAL, seal)
                .doesNotContainKey(Annotations.GATEWAY);
        assertThat(ReservationSeal.verify(
                        TestSeals.TRUSTED, "default", mutated.getMetadata().getAnnotations()))
                .isEqualTo(new ReservationSeal.Verdict.Valid("uid-1", TestSeals.KEY.keyId()));
        assertThat(ReservationSeal.verify(
                        TestSeals.TRUSTED, "other", mutated.getMetadata().getAnnotations()))
                .isInstanceOf(ReservationSeal.Verdict.Invalid.class);
        assertThat(PodMutator.edits(mutated, assignment, Optional.empty(), Optional.empty(), Optional.of(seal)))
                .isEmpty();
        assertThat(again).isEqualTo(mutated);
    }

    @Test
    void writesThePoolsDnsOntoThePod() throws Exception {
        Dns lan = new Dns();
        lan.setNameservers(List.of("192.0.2.53"));
        lan.setSearch(List.of("lan.example"));
        Optional<PodDns.Settings> dns = PodDns.merge(plain().getSpec(), List.of(new PodDns.FromPool("demo", lan)));

        Pod pod = MutatedPods.mutated(plain(), ONE, Optional.empty(), dns);

        assertThat(pod.getSpec().getDnsPolicy()).isEqualTo("None");
        assertThat(pod.getSpec().getDnsConfig().getNameservers()).containsExactly("192.0.2.53");
        assertThat(pod.getSpec().getDnsConfig().getSearches()).containsExactly("lan.example");
        assertThat(MutatedPods.mutated(
                        pod,
                        ONE,
                        Optional.empty(),
                        PodDns.merge(pod.getSpec(), List.of(new PodDns.FromPool("demo", lan)))))
                .as("idempotent")
                .isEqualTo(pod);
        assertThat(MutatedPods.mutated(plain(), ONE, Optional.empty()).getSpec().getDnsConfig())
                .as("no pool DNS, no dnsConfig")
                .isNull();
    }

    @Test
    void writesEveryAddressInOrderAndEachPoolOnce() {
        Pod dual = MutatedPods.mutated(plain(), DUAL, Optional.empty());
        Pod twice = MutatedPods.mutated(plain(), SAME_POOL_TWICE, Optional.empty());

        assertThat(dual.getMetadata().getAnnotations())
                .containsEntry("stickyip.io/reserved-ip", "10.77.0.12,fd77::12")
                .containsEntry("stickyip.io/reserved-pool", "demo,demo6")
                .containsEntry("stickyip.io/workload", "default/statefulset/web")
                .containsEntry("stickyip.io/slot", "2")
                .doesNotContainKey("stickyip.io/gateway");
        assertThat(twice.getMetadata().getAnnotations())
                .containsEntry("stickyip.io/reserved-ip", "203.0.113.7,203.0.113.8")
                .containsEntry("stickyip.io/reserved-pool", "public-eu")
                .doesNotContainKeys("stickyip.io/prefix-length", "stickyip.io/gateway");
    }

    @Test
    void keepsWhatThePodAlreadyHad() {
        Pod pod = MutatedPods.mutated(busy(), ONE, Optional.of("stickyip-scheduler"));

        assertThat(pod.getMetadata().getAnnotations()).containsEntry("team", "storage");
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("app", "db")
                .containsEntry("stickyip.io/managed", "true");
        assertThat(pod.getSpec().getReadinessGates())
                .extracting("conditionType")
                .containsExactly("example.com/other", "stickyip.io/ip-ready");
        assertThat(pod.getSpec().getContainers().getFirst().getResources().getRequests())
                .containsEntry("cpu", new Quantity("500m"))
                .containsEntry("stickyip.io/ip", new Quantity("1"));
        assertThat(pod.getSpec().getContainers().getFirst().getResources().getLimits())
                .containsEntry("memory", new Quantity("1Gi"))
                .containsEntry("stickyip.io/ip", new Quantity("1"));
        assertThat(pod.getSpec().getSchedulerName()).isEqualTo("stickyip-scheduler");
    }

    static Stream<Arguments> pods() {
        return Stream.of(
                arguments("a plain Deployment pod", plain(), ONE, Optional.empty()),
                arguments("a pod with labels, gates and resources", busy(), ONE, Optional.of("stickyip-scheduler")),
                arguments("a dual-stack StatefulSet pod", plain(), DUAL, Optional.of("stickyip-scheduler")),
                arguments("a pod with null maps and lists", bare(), SAME_POOL_TWICE, Optional.empty()),
                arguments("a pod without containers", noContainers(), ONE, Optional.empty()));
    }

    @ParameterizedTest(name = "mutating the mutated pod changes nothing, for {0}")
    @MethodSource("pods")
    void isIdempotent(String why, Pod original, Assignment assignment, Optional<String> scheduler) {
        Pod once = MutatedPods.mutated(original, assignment, scheduler);

        assertThat(PodMutator.edits(once, assignment, scheduler)).isEmpty();
        assertThat(MutatedPods.mutated(once, assignment, scheduler)).isEqualTo(once);
    }

    @Test
    void aPlainPodGetsExactlyTheseEdits() {
        assertThat(PodMutator.edits(plain(), ONE, Optional.of("stickyip-scheduler")))
                .containsExactly(
                        new PodEdit.SetAnnotation("stickyip.io/reserved-ip", "10.77.0.10"),
                        new PodEdit.SetAnnotation("stickyip.io/reserved-pool", "demo"),
                        new PodEdit.SetAnnotation("stickyip.io/workload", "default/deployment/db"),
                        new PodEdit.SetAnnotation("stickyip.io/slot", "0"),
                        new PodEdit.SetAnnotation("stickyip.io/prefix-length", "24"),
                        new PodEdit.SetAnnotation("stickyip.io/gateway", "10.77.0.1"),
                        new PodEdit.SetLabel("stickyip.io/managed", "true"),
                        new PodEdit.AddReadinessGate("stickyip.io/ip-ready"),
                        new PodEdit.SetResource(0, PodEdit.Resources.REQUESTS, "stickyip.io/ip", "1"),
                        new PodEdit.SetResource(0, PodEdit.Resources.LIMITS, "stickyip.io/ip", "1"),
                        new PodEdit.SetSchedulerName("stickyip-scheduler"));
    }

    @Test
    void removesOnlyTheStaleAnnotationsThePodHas() {
        Pod stale = MutatedPods.mutated(plain(), ONE.withClaim("old-token"), Optional.empty());

        assertThat(PodMutator.edits(stale, DUAL, Optional.empty()))
                .contains(
                        new PodEdit.RemoveAnnotation("stickyip.io/claim"),
                        new PodEdit.RemoveAnnotation("stickyip.io/gateway"));
        assertThat(PodMutator.edits(plain(), DUAL, Optional.empty()))
                .noneMatch(e -> e instanceof PodEdit.RemoveAnnotation);
    }

    @Test
    void aRequestThatIsNotWrittenAsOneIsRewritten() {
        Pod milli = new PodBuilder(plain())
                .editSpec()
                .editFirstContainer()
                .withNewResources()
                .addToRequests("stickyip.io/ip", new Quantity("1000m"))
                .addToLimits("stickyip.io/ip", new Quantity("1"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();

        assertThat(PodMutator.edits(milli, ONE, Optional.empty()))
                .filteredOn(e -> e instanceof PodEdit.SetResource)
                .containsExactly(new PodEdit.SetResource(0, PodEdit.Resources.REQUESTS, "stickyip.io/ip", "1"));
    }

    @ParameterizedTest(name = "leaves the original untouched, for {0}")
    @MethodSource("pods")
    void leavesTheOriginalUntouched(String why, Pod original, Assignment assignment, Optional<String> scheduler) {
        Pod copy = new PodBuilder(original).build();

        MutatedPods.mutated(original, assignment, scheduler);

        assertThat(original).isEqualTo(copy);
    }

    @Test
    void replacesAStaleAssignment() {
        Pod stale = MutatedPods.mutated(plain(), ONE, Optional.empty());

        Pod pod = MutatedPods.mutated(stale, DUAL, Optional.empty());

        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry("stickyip.io/reserved-ip", "10.77.0.12,fd77::12")
                .containsEntry("stickyip.io/slot", "2")
                .containsEntry("stickyip.io/prefix-length", "24")
                .as("no gateway from the stale assignment")
                .doesNotContainKey("stickyip.io/gateway");
        assertThat(pod.getSpec().getReadinessGates()).hasSize(1);
    }
}
