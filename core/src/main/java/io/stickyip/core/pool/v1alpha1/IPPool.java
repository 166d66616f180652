package io.stickyip.core.pool.v1alpha1;

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
 */
@Group(IPPool.GROUP)
@Version(IPPool.VERSION)
@Kind("IPPool")
@Plural("ippools")
@Singular("ippool")
@ShortNames("ipp")
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
