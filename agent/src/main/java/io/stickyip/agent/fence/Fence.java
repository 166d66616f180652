package io.stickyip.agent.fence;

import io.stickyip.core.fencing.AddressFence;
import java.util.Collection;
import java.util.List;

/**
 * The claim-then-check of docs/fencing.md, step 4: publish the claim in this node's Lease, read every agent
 * Lease consistently, then decide each address. Blocking (two API calls): run on a worker.
 */
public final class Fence {
    private final OwnLease own;
    private final PeerLeases peers;
    private final LeaseApi api;
    private final FenceState state;

    public Fence(OwnLease own, PeerLeases peers, LeaseApi api, FenceState state) {
        this.own = own;
        this.peers = peers;
        this.api = api;
        this.state = state;
    }

    /** {@code Take} when every address may be made live here, else the first decision that is not. */
    public AddressFence.Decision admit(List<String> addresses) {
        own.claim(addresses);
        peers.refresh(api.listAll());
        for (String a : addresses) {
            AddressFence.Decision d = peers.decide(a, state.snapshot());
            if (!(d instanceof AddressFence.Decision.Take)) {
                return d;
            }
        }
        return new AddressFence.Decision.Take();
    }

    /** Withdraws a claim (a yield, or a pod that will not be plumbed). */
    public void withdraw(Collection<String> addresses) {
        own.release(addresses);
    }

    /** When a silent holder's addresses may be taken. */
    public java.util.Optional<java.time.Instant> takeableAt(String holder) {
        return peers.takeableAt(holder);
    }

    public OwnLease own() {
        return own;
    }

    public FenceState state() {
        return state;
    }
}
