package io.stickyip.core.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.stickyip.core.contract.Annotations;

/**
 * The tests' pods, as fabric8 builders a test finishes itself (node, status, uid...): a bare pod, and the pods the
 * webhook leaves behind (managed, with their workload and slot, and their reserved addresses or their claim), the same
 * without the managed label, and the owner references a workload's pod carries.
 */
public final class Pods {
    /** The image of {@link #app()}. */
    public static final String IMAGE = "registry.example/app:1";

    private Pods() {}

    /** Pod {@code namespace/name}: its metadata and nothing else. */
    public static PodBuilder pod(String namespace, String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata();
    }

    /**
     * A pod as the webhook writes it once it reserved: the managed label, {@code workload} and its {@code slot} (none
     * when {@code null}), the reserved {@code addresses} and their {@code pools} (comma-separated, as annotated).
     */
    public static PodBuilder reserved(
            String namespace, String name, String workload, String slot, String addresses, String pools) {
        return managed(namespace, name, workload, slot)
                .editMetadata()
                .addToAnnotations(Annotations.RESERVED_IP, addresses)
                .addToAnnotations(Annotations.RESERVED_POOL, pools)
                .endMetadata();
    }

    /** A pod as the webhook writes it for a slot it claimed: the managed label, {@code workload}, {@code slot} and {@code claim}. */
    public static PodBuilder claimed(String namespace, String name, String workload, String slot, String claim) {
        return managed(namespace, name, workload, slot)
                .editMetadata()
                .addToAnnotations(Annotations.CLAIM, claim)
                .endMetadata();
    }

    /**
     * {@code pod} without the managed label: the webhook's annotations on a pod the label selectors do not see (the
     * code that reads annotations alone must not need the label).
     */
    public static PodBuilder unlabelled(PodBuilder pod) {
        return pod.editMetadata().removeFromLabels(Annotations.MANAGED_LABEL).endMetadata();
    }

    /** An owner reference to the {@code apps/v1} {@code kind} {@code name}; {@code controller} as written (may be null). */
    public static OwnerReference owner(String kind, String name, Boolean controller) {
        return new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind(kind)
                .withName(name)
                .withUid("owner-uid")
                .withController(controller)
                .build();
    }

    /** {@code pod} bound to {@code node} and running there, its one container {@link #app()}. */
    public static PodBuilder runningOn(PodBuilder pod, String node) {
        return pod.editOrNewSpec()
                .withNodeName(node)
                .withContainers(app())
                .endSpec()
                .editOrNewStatus()
                .withPhase("Running")
                .endStatus();
    }

    /** One container, {@code app}, running {@link #IMAGE}. */
    public static Container app() {
        return new ContainerBuilder().withName("app").withImage(IMAGE).build();
    }

    /** A pod as the webhook labels it before any address: the managed label, {@code workload} and its {@code slot} (none when {@code null}). */
    public static PodBuilder managed(String namespace, String name, String workload, String slot) {
        PodBuilder pod = pod(namespace, name)
                .editMetadata()
                .addToLabels(Annotations.MANAGED_LABEL, "true")
                .addToAnnotations(Annotations.WORKLOAD, workload)
                .endMetadata();
        return slot == null
                ? pod
                : pod.editMetadata().addToAnnotations(Annotations.SLOT, slot).endMetadata();
    }
}
