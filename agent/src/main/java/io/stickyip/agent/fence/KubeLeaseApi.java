package io.stickyip.agent.fence;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.node.AgentLeases;
import java.util.List;
import java.util.Optional;

/** {@link LeaseApi} over fabric8: server-side apply with force (the node's Lease has one writer: its agent). */
public final class KubeLeaseApi implements LeaseApi {
    public static final String FIELD_MANAGER = "stickyip-agent";

    private final KubernetesClient kube;
    private final String namespace;

    public KubeLeaseApi(KubernetesClient kube, String namespace) {
        this.kube = kube;
        this.namespace = namespace;
    }

    @Override
    public Optional<Lease> get(String name) {
        return Optional.ofNullable(
                kube.leases().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Lease apply(Lease lease) {
        return kube.leases()
                .inNamespace(namespace)
                .resource(lease)
                .fieldManager(FIELD_MANAGER)
                .forceConflicts()
                .serverSideApply();
    }

    @Override
    public List<Lease> listAll() {
        // no resourceVersion: served consistently (from etcd, or from a watch cache proven current)
        return kube.leases()
                .inNamespace(namespace)
                .withLabel(AgentLeases.LABEL, "true")
                .list()
                .getItems();
    }

    @Override
    public void delete(String name) {
        kube.leases().inNamespace(namespace).withName(name).delete();
    }
}
