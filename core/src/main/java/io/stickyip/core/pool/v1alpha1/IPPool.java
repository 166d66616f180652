package io.stickyip.core.pool.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cluster-scoped pool of fixed addresses ({@code ippools.stickyip.io}). {@link CustomResource}
 * is a model base class (it lives in fabric8's client-api jar but does no I/O); it is the one
 * fabric8 client-package class the pure core may use, as the CRD generator requires it.
 *
 * <p>{@code kubectl get ippools} (short name {@code ipp}) shows the addresses (CIDR, ranges) and the counts
 * the controller writes into the status: reserved, free, and ready (addresses live on their node); {@code -o
 * wide} adds the scope, the total and the node pools' waiting nodes. The CRD generator orders the columns by
 * their JSONPath (spec before status, then by name), so no Age column: it would come first.
 */
@Group(IPPool.GROUP)
@Version(IPPool.VERSION)
@Kind("IPPool")
@Plural("ippools")
@Singular("ippool")
@ShortNames("ipp")
@AdditionalPrinterColumn(
        name = "CIDR",
        jsonPath = ".spec.cidr",
        type = Type.STRING,
        getDescription = "The pool's CIDR.")
@AdditionalPrinterColumn(
        name = "Ranges",
        jsonPath = ".spec.ranges",
        type = Type.STRING,
        getDescription = "Further addresses as ranges.")
@AdditionalPrinterColumn(
        name = "Reserved",
        jsonPath = ".status.reserved",
        type = Type.INTEGER,
        getDescription = "Addresses reserved for a workload or a node.")
@AdditionalPrinterColumn(
        name = "Free",
        jsonPath = ".status.free",
        type = Type.INTEGER,
        getDescription = "Addresses no one holds.")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.live",
        type = Type.INTEGER,
        getDescription = "Reserved addresses live on their node (the pod's stickyip.io/ip-ready condition is True).")
@AdditionalPrinterColumn(
        name = "Scope",
        jsonPath = ".spec.scope",
        type = Type.STRING,
        priority = 1,
        getDescription = "Pod or Node.")
@AdditionalPrinterColumn(
        name = "Total",
        jsonPath = ".status.total",
        type = Type.INTEGER,
        priority = 1,
        getDescription = "Addresses in the pool.")
@AdditionalPrinterColumn(
        name = "Waiting",
        jsonPath = ".status.waiting",
        type = Type.INTEGER,
        priority = 1,
        getDescription = "Node pools: selected nodes waiting for a free address.")
public class IPPool extends CustomResource<IPPoolSpec, IPPoolStatus> {
    public static final String GROUP = "stickyip.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected IPPoolSpec initSpec() {
        return new IPPoolSpec();
    }

    @Override
    protected IPPoolStatus initStatus() {
        return new IPPoolStatus();
    }
}
