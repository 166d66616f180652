package io.stickyip.agent.fence;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;
import java.util.Optional;

/** The agent Leases as the fence reads and writes them: the one adapter to the API for them. */
public interface LeaseApi {

    /** This node's Lease as the server has it now, if it exists. */
    Optional<Lease> get(String name);

    /** Writes the whole Lease (server-side apply, this agent's field manager) and returns what the server stored. */
    Lease apply(Lease lease);

    /** Every agent Lease, read from the server (a consistent read, not a cache). */
    List<Lease> listAll();

    /** Deletes a Lease if it exists (the stand-in's nodes that went). */
    void delete(String name);
}
