package io.stickyip.core.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.stickyip.core.contract.ContractViolation;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadValidatorTest {

    static Map<String, String> annotations(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static DeploymentStrategy recreate() {
        return new DeploymentStrategyBuilder().withType("Recreate").build();
    }

    static DeploymentStrategy rolling(Object maxSurge) {
        DeploymentStrategyBuilder b = new DeploymentStrategyBuilder().withType("RollingUpdate");
        return maxSurge == null
                ? b.build()
                : b.withNewRollingUpdate()
                        .withMaxSurge(new IntOrString(maxSurge))
                        .endRollingUpdate()
                        .build();
    }

    static Deployment deployment(Integer replicas, DeploymentStrategy strategy, Map<String, String> annotations) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withStrategy(strategy)
                .withNewTemplate()
                .withNewMetadata()
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("db")
                .withImage("registry.example/db:1.0")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static StatefulSet statefulSet(Integer replicas, Integer ordinalsStart, Map<String, String> annotations) {
        StatefulSetBuilder b = new StatefulSetBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewTemplate()
                .withNewMetadata()
                .withAnnotations(annotations)
                .endMetadata()
                .endTemplate()
                .endSpec();
        if (ordinalsStart != null) {
            b.editSpec().withNewOrdinals(ordinalsStart).endSpec();
        }
        return b.build();
    }

    static final String THREE = "10.77.0.10,10.77.0.11,10.77.0.12";
    static final String FOUR = "10.77.0.10,10.77.0.11,10.77.0.12,10.77.0.13";

    static Stream<Arguments> acceptedDeployments() {
        return Stream.of(
                arguments(
                        "a pool with strategy Recreate",
                        deployment(1, recreate(), annotations("stickyip.io/pool", "demo"))),
                arguments(
                        "a pool with strategy Recreate and many replicas",
                        deployment(5, recreate(), annotations("stickyip.io/pool", "demo"))),
                arguments(
                        "explicit addresses with strategy Recreate",
                        deployment(3, recreate(), annotations("stickyip.io/ip", THREE))),
                arguments(
                        "more addresses than replicas plus the default surge",
                        deployment(2, null, annotations("stickyip.io/ip", FOUR))),
                arguments(
                        "more addresses than replicas plus a maxSurge of 1",
                        deployment(2, rolling(1), annotations("stickyip.io/ip", FOUR))),
                arguments(
                        "more addresses than replicas plus a maxSurge of 0",
                        deployment(2, rolling(0), annotations("stickyip.io/ip", THREE))),
                arguments(
                        "more addresses than replicas plus a maxSurge of 50%",
                        deployment(2, rolling("50%"), annotations("stickyip.io/ip", FOUR))),
                arguments(
                        "more kube-ipam addresses than one replica plus surge",
                        deployment(null, rolling(1), annotations("kube-ipam.ip", THREE))),
                arguments(
                        "dual-stack pairs more than replicas plus surge",
                        deployment(
                                1,
                                rolling(1),
                                annotations(
                                        "stickyip.io/ip",
                                        "10.77.0.10,fd77::10,10.77.0.11,fd77::11,10.77.0.12,fd77::12"))),
                arguments("no stickyip annotations", deployment(3, null, annotations("prometheus.io/scrape", "true"))),
                arguments("no template annotations", deployment(3, null, null)));
    }

    @ParameterizedTest(name = "accepts a Deployment with {0}")
    @MethodSource("acceptedDeployments")
    void acceptsADeploymentThatCanRollOut(String why, Deployment deployment) {
        assertThatCode(() -> WorkloadValidator.validate(deployment)).doesNotThrowAnyException();
    }

    static Stream<Arguments> deniedDeployments() {
        return Stream.of(
                arguments(
                        "a pool with the default strategy",
                        deployment(1, null, annotations("stickyip.io/pool", "demo")),
                        "deployment db: strategy RollingUpdate with stickyip.io/pool would give new pods new addresses; use strategy: Recreate"),
                arguments(
                        "a pool with strategy RollingUpdate",
                        deployment(3, rolling(0), annotations("stickyip.io/pool", "demo")),
                        "deployment db: strategy RollingUpdate with stickyip.io/pool would give new pods new addresses; use strategy: Recreate"),
                arguments(
                        "as many addresses as replicas plus the default surge",
                        deployment(2, null, annotations("stickyip.io/ip", THREE)),
                        "deployment db: strategy RollingUpdate needs 3 addresses (replicas 2 + maxSurge 1) and a spare for a terminating pod, but stickyip.io/ip has 3;"
                                + " use strategy: Recreate or list more addresses"),
                arguments(
                        "fewer addresses than replicas",
                        deployment(4, rolling(0), annotations("stickyip.io/ip", THREE)),
                        "deployment db: strategy RollingUpdate needs 4 addresses (replicas 4 + maxSurge 0) and a spare for a terminating pod, but stickyip.io/ip has 3;"
                                + " use strategy: Recreate or list more addresses"),
                arguments(
                        "a maxSurge of 50% rounded up",
                        deployment(3, rolling("50%"), annotations("stickyip.io/ip", FOUR)),
                        "deployment db: strategy RollingUpdate needs 5 addresses (replicas 3 + maxSurge 2) and a spare for a terminating pod, but stickyip.io/ip has 4;"
                                + " use strategy: Recreate or list more addresses"),
                arguments(
                        "one replica and one kube-ipam address",
                        deployment(1, null, annotations("kube-ipam.ip", "10.188.0.218")),
                        "deployment db: strategy RollingUpdate needs 2 addresses (replicas 1 + maxSurge 1) and a spare for a terminating pod, but kube-ipam.ip has 1;"
                                + " use strategy: Recreate or list more addresses"),
                arguments(
                        "dual-stack pairs counted as one slot each",
                        deployment(
                                1,
                                rolling(1),
                                annotations("stickyip.io/ip", "10.77.0.10,fd77::10,10.77.0.11,fd77::11")),
                        "deployment db: strategy RollingUpdate needs 2 addresses (replicas 1 + maxSurge 1) and a spare for a terminating pod, but stickyip.io/ip has 2;"
                                + " use strategy: Recreate or list more addresses"),
                arguments(
                        "a maxSurge that is not a number",
                        deployment(1, rolling("lots"), annotations("stickyip.io/ip", FOUR)),
                        "spec.strategy.rollingUpdate.maxSurge: lots is neither a whole number nor a percentage"),
                arguments(
                        "a maxSurge percentage that is not a number",
                        deployment(1, rolling("x%"), annotations("stickyip.io/ip", FOUR)),
                        "spec.strategy.rollingUpdate.maxSurge: x% is neither a whole number nor a percentage"),
                arguments(
                        "a bad address in the template",
                        deployment(1, recreate(), annotations("stickyip.io/ip", "10.77.0.300")),
                        "stickyip.io/ip: 10.77.0.300 is not an IP address"));
    }

    @ParameterizedTest(name = "denies a Deployment with {0}")
    @MethodSource("deniedDeployments")
    void deniesADeploymentWhoseRolloutWouldNeedAHeldAddress(String why, Deployment deployment, String message) {
        assertThatThrownBy(() -> WorkloadValidator.validate(deployment))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "maxSurge {0} of {1} replicas is {2}")
    @CsvSource({
        ", 4, 1",
        ", 1, 1",
        ", 0, 0",
        "25%, 10, 3",
        "50%, 3, 2",
        "100%, 3, 3",
        "0%, 3, 0",
        "2, 10, 2",
        "' 30% ', 10, 3",
    })
    void computesTheSurgeLikeTheDeploymentController(String maxSurge, int replicas, int surge)
            throws ContractViolation {
        DeploymentStrategy strategy = maxSurge == null ? null : rolling(maxSurge);

        assertThat(WorkloadValidator.surge(strategy, replicas)).isEqualTo(surge);
    }

    static Stream<Arguments> statefulSets() {
        return Stream.of(
                arguments("as many addresses as replicas", statefulSet(3, null, annotations("stickyip.io/ip", THREE))),
                arguments("more addresses than replicas", statefulSet(2, null, annotations("stickyip.io/ip", THREE))),
                arguments(
                        "one address and the default replica",
                        statefulSet(null, null, annotations("kube-ipam.ip", "10.188.0.218"))),
                arguments(
                        "dual-stack pairs for each replica",
                        statefulSet(2, null, annotations("stickyip.io/ip", "10.77.0.10,fd77::10,10.77.0.11,fd77::11"))),
                arguments(
                        "two addresses per pod for each replica",
                        statefulSet(
                                2, null, annotations("stickyip.io/ip", FOUR, "stickyip.io/addresses-per-pod", "2"))),
                arguments(
                        "ordinals from 1 and an address for each",
                        statefulSet(2, 1, annotations("stickyip.io/ip", THREE))),
                arguments("a pool", statefulSet(50, null, annotations("stickyip.io/pool", "demo"))),
                arguments("no stickyip annotations", statefulSet(3, null, null)));
    }

    @ParameterizedTest(name = "accepts a StatefulSet with {0}")
    @MethodSource("statefulSets")
    void acceptsAStatefulSetWithAnAddressForEveryOrdinal(String why, StatefulSet statefulSet) {
        assertThatCode(() -> WorkloadValidator.validate(statefulSet)).doesNotThrowAnyException();
    }

    static Stream<Arguments> deniedStatefulSets() {
        return Stream.of(
                arguments(
                        "fewer addresses than replicas",
                        statefulSet(4, null, annotations("stickyip.io/ip", THREE)),
                        "statefulset web: stickyip.io/ip has addresses for 3 pod(s) but replicas is 4"),
                arguments(
                        "dual-stack pairs fewer than replicas",
                        statefulSet(3, null, annotations("stickyip.io/ip", "10.77.0.10,fd77::10,10.77.0.11,fd77::11")),
                        "statefulset web: stickyip.io/ip has addresses for 2 pod(s) but replicas is 3"),
                arguments(
                        "fewer kube-ipam addresses than replicas",
                        statefulSet(2, null, annotations("kube-ipam.ip", "10.188.0.218")),
                        "statefulset web: kube-ipam.ip has addresses for 1 pod(s) but replicas is 2"),
                arguments(
                        "ordinals starting past the list",
                        statefulSet(3, 2, annotations("stickyip.io/ip", FOUR)),
                        "statefulset web: stickyip.io/ip has addresses for 4 pod(s) but replicas is 3 from ordinal 2"),
                arguments(
                        "an uneven dual-stack list",
                        statefulSet(1, null, annotations("stickyip.io/ip", "10.77.0.10,fd77::10,fd77::11")),
                        "stickyip.io/ip: 10.77.0.10,fd77::10,fd77::11 has 1 IPv4 and 2 IPv6 addresses: a dual-stack list needs as many of each"));
    }

    @ParameterizedTest(name = "denies a StatefulSet with {0}")
    @MethodSource("deniedStatefulSets")
    void deniesAStatefulSetWithAnOrdinalWithoutAddress(String why, StatefulSet statefulSet, String message) {
        assertThatThrownBy(() -> WorkloadValidator.validate(statefulSet))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(message);
    }

    @Test
    void acceptsWorkloadsWithoutSpec() {
        assertThatCode(() -> WorkloadValidator.validate(new Deployment())).doesNotThrowAnyException();
        assertThatCode(() -> WorkloadValidator.validate(new StatefulSet())).doesNotThrowAnyException();
    }
}
