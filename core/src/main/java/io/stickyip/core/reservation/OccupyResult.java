package io.stickyip.core.reservation;

import java.util.List;

/** Outcome of {@link OccupancyStore#occupy}. */
public sealed interface OccupyResult {

    /** The slot is now this occupant's. */
    record Taken(StoredOccupant occupant) implements OccupyResult {}

    /** The slot's key was not as expected (another admission was faster): the workload's occupants as they are now. */
    record Lost(List<StoredOccupant> current) implements OccupyResult {
        public Lost {
            current = List.copyOf(current);
        }
    }
}
