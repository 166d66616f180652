package io.stickyip.core.admission;

import io.stickyip.core.reservation.StoredOccupant;
import java.util.Optional;

/** What {@link SlotChooser} decided. */
public sealed interface SlotChoice {

    /** The admission already holds this slot (a reinvocation, a retry of the same admission). */
    record Reuse(int slot) implements SlotChoice {}

    /**
     * Take the slot, guarded on its key's revision ({@code 0}: no occupant), replacing a gone
     * occupant if there was one.
     */
    record Take(int slot, long expectedRevision, Optional<StoredOccupant> replaced) implements SlotChoice {}

    /** Nothing could be chosen without knowing whether this occupant's pod is live: ask, then choose again. */
    record Check(StoredOccupant occupant) implements SlotChoice {}

    /** The workload's fixed slot is held by a live pod. */
    record Occupied(int slot, String holder) implements SlotChoice {}

    /** Every slot below the bound is held by a live pod. */
    record Exhausted(int bound) implements SlotChoice {}
}
