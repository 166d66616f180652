package io.stickyip.core.admission;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.stickyip.core.contract.AddressRequest;
import io.stickyip.core.contract.Checked;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.workload.WorkloadRef;
import java.util.List;
import java.util.Optional;

/**
 * One pod's admission, planned once from its annotations ({@link AdmissionPlanner}): the address
 * request, the workload, the slot to ask for, slot 0's claim and the DNS merged from its pools.
 * What the admission needs later (the claim of the slot it got, the DNS of the pools an existing
 * reservation's addresses are in) comes from here, planned again only when it differs. Pure.
 */
public final class AdmissionPlan {
    private final PodSpec spec;
    private final PoolCatalog catalog;
    private final AddressRequest request;
    private final SlotRequest slot;
    private final SlotPlan first;
    private final Optional<PodDns.Settings> dns;

    AdmissionPlan(
            PodSpec spec,
            PoolCatalog catalog,
            AddressRequest request,
            SlotRequest slot,
            SlotPlan first,
            Optional<PodDns.Settings> dns) {
        this.spec = spec;
        this.catalog = catalog;
        this.request = request;
        this.slot = slot;
        this.first = first;
        this.dns = dns;
    }

    public AddressRequest request() {
        return request;
    }

    public WorkloadRef workload() {
        return slot.workload();
    }

    public SlotRequest slot() {
        return slot;
    }

    /** The pool catalog the plan was made against (the reservation checks limits in the same one). */
    public PoolCatalog catalog() {
        return catalog;
    }

    /** The pools slot 0's addresses come from ("" for an address in no pool). */
    public List<String> poolNames() {
        return first.poolNames();
    }

    /** The DNS merged from slot 0's pools (empty when none gives DNS). */
    public Optional<PodDns.Settings> dns() {
        return dns;
    }

    /**
     * The claim of slot {@code n}: slot 0's as planned, a pool claim renumbered; another slot of an
     * explicit list has other addresses, possibly of other pools, so it is planned (and its DNS
     * merged) anew, before anything is reserved.
     */
    public Checked<SlotPlan> forSlot(int n) {
        if (n == first.slot()) {
            return Checked.valid(first);
        }
        return switch (first) {
            case SlotPlan.FromPools p -> Checked.valid(p.withSlot(n));
            case SlotPlan.Explicit e ->
                SlotPlanner.check(request, workload(), n, catalog)
                        .flatMap(plan -> dnsFor(plan.poolNames()).map(ignored -> plan));
        };
    }

    /** The DNS for the pools an assignment's addresses are in: the planned merge when they are slot 0's pools. */
    public Checked<Optional<PodDns.Settings>> dnsFor(List<String> pools) {
        if (AdmissionPlanner.giving(pools).equals(AdmissionPlanner.giving(first.poolNames()))) {
            return Checked.valid(dns);
        }
        return AdmissionPlanner.dns(spec, pools, catalog);
    }
}
