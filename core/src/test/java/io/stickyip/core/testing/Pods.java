package io.stickyip.core.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.stickyip.core.contract.Annotations;

/**
 * The tests' pods, as fabric8 builders a test finishes itself (node, status, uid...): a bare pod, and the pods the
 * webhook leaves behind (managed, with their workload and slot, and their reserved addresses or their claim).
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

    /** One container, {@code app}, running {@link #IMAGE}. */
    public static Container app() {
        return new ContainerBuilder().withName("app").withImage(IMAGE).build();
    }

    private static PodBuilder managed(String namespace, String name, String workload, String slot) {
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
