package io.stickyip.core.admission;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetOrdinals;
import io.stickyip.core.contract.AddressRequest;
import io.stickyip.core.contract.AnnotationParser;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ContractViolation;
import java.util.Map;
import java.util.Optional;

/**
 * Checks Deployments and StatefulSets whose pod template claims fixed addresses, so a rollout
 * can never need an address that a still-running pod holds.
 */
public final class WorkloadValidator {
    private WorkloadValidator() {}

    /**
     * Throws unless the Deployment uses strategy Recreate or lists more addresses than replicas plus
     * maxSurge; returns quietly otherwise.
     */
    public static void validate(Deployment deployment) throws ContractViolation {
        Optional<AddressRequest> request = request(
                deployment.getSpec() == null ? null : deployment.getSpec().getTemplate());
        if (request.isEmpty()) {
            return;
        }
        DeploymentStrategy strategy = deployment.getSpec().getStrategy();
        String type = strategy == null || strategy.getType() == null ? "RollingUpdate" : strategy.getType();
        if (type.equals("Recreate")) {
            return;
        }
        int replicas = deployment.getSpec().getReplicas() == null
                ? 1
                : deployment.getSpec().getReplicas();
        int surge = surge(strategy, replicas);
        String name =
                deployment.getMetadata() == null ? "" : deployment.getMetadata().getName();
        if (!request.get().hasExplicitAddresses()) {
            throw new ContractViolation(
                    "spec.strategy.type",
                    type,
                    "cannot keep pool addresses of deployment " + name + " across a rollout: use strategy Recreate",
                    "deployment " + name + ": strategy " + type + " with " + Annotations.POOL
                            + " would give new pods new addresses; use strategy: Recreate");
        }
        int slots = SlotPlanner.slotCount(request.get());
        // more than replicas + surge (DESIGN.md): a terminating old pod still holds its address, and
        // the Deployment controller does not count it against maxSurge while it starts new ones
        if (slots <= replicas + surge) {
            throw new ContractViolation(
                    "spec.strategy.type",
                    type,
                    "needs more addresses than replicas plus surge",
                    "deployment " + name + ": strategy " + type + " needs " + (replicas + surge)
                            + " addresses (replicas " + replicas + " + maxSurge " + surge
                            + ") and a spare for a terminating pod, but "
                            + request.get().explicitSource() + " has " + slots
                            + "; use strategy: Recreate or list more addresses");
        }
    }

    /**
     * Throws if an explicit address list has no slot for some ordinal of the StatefulSet: the slot is
     * the ordinal, which runs from {@code spec.ordinals.start} (default 0) for {@code replicas} pods.
     */
    public static void validate(StatefulSet statefulSet) throws ContractViolation {
        Optional<AddressRequest> request = request(
                statefulSet.getSpec() == null ? null : statefulSet.getSpec().getTemplate());
        if (request.isEmpty() || !request.get().hasExplicitAddresses()) {
            return;
        }
        int replicas = statefulSet.getSpec().getReplicas() == null
                ? 1
                : statefulSet.getSpec().getReplicas();
        StatefulSetOrdinals ordinals = statefulSet.getSpec().getOrdinals();
        int start = ordinals == null || ordinals.getStart() == null ? 0 : ordinals.getStart();
        int slots = SlotPlanner.slotCount(request.get());
        if (slots < (long) start + replicas) {
            String name = statefulSet.getMetadata() == null
                    ? ""
                    : statefulSet.getMetadata().getName();
            throw new ContractViolation(
                    request.get().explicitSource(),
                    String.valueOf(slots) + " address slot(s)",
                    "are fewer than replicas",
                    "statefulset " + name + ": " + request.get().explicitSource() + " has addresses for " + slots
                            + " pod(s) but replicas is " + replicas + (start == 0 ? "" : " from ordinal " + start));
        }
    }

    private static Optional<AddressRequest> request(PodTemplateSpec template) throws ContractViolation {
        Map<String, String> annotations = template == null || template.getMetadata() == null
                ? null
                : template.getMetadata().getAnnotations();
        if (!Annotations.requestsFixedAddress(annotations)) {
            return Optional.empty();
        }
        return Optional.of(AnnotationParser.parse(annotations));
    }

    static int surge(DeploymentStrategy strategy, int replicas) throws ContractViolation {
        IntOrString maxSurge = strategy == null || strategy.getRollingUpdate() == null
                ? null
                : strategy.getRollingUpdate().getMaxSurge();
        if (maxSurge == null || maxSurge.getIntVal() == null && maxSurge.getStrVal() == null) {
            return (int) Math.ceil(replicas * 0.25);
        }
        if (maxSurge.getIntVal() != null) {
            return maxSurge.getIntVal();
        }
        String s = maxSurge.getStrVal().trim();
        boolean percent = s.endsWith("%");
        String digits = percent ? s.substring(0, s.length() - 1) : s;
        if (!digits.matches("\\d{1,9}")) {
            throw new ContractViolation(
                    "spec.strategy.rollingUpdate.maxSurge",
                    maxSurge.getStrVal(),
                    "is neither a whole number nor a percentage");
        }
        int n = Integer.parseInt(digits);
        return percent ? (int) Math.ceil(replicas * (long) n / 100.0) : n;
    }
}
