package io.stickyip.core.admission;

import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.reservation.StoredOccupant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the slot of an admission from the workload's occupants as read from the store; pure.
 * A slot with an occupant is taken over only when its pod is known to be gone; the store's guard
 * on the occupant's revision then decides between replicas racing for the same slot.
 */
public final class SlotChooser {
    private SlotChooser() {}

    public static SlotChoice choose(
            SlotQuery query, List<StoredOccupant> occupants, Function<Occupant, Liveness> liveness) {
        Map<Integer, StoredOccupant> bySlot = new HashMap<>();
        for (StoredOccupant o : occupants) {
            if (o.occupant().token().equals(query.token())) {
                return new SlotChoice.Reuse(o.slot());
            }
            bySlot.put(o.slot(), o);
        }
        if (query.fixed().isPresent()) {
            return fixed(
                    query.fixed().getAsInt(), query, bySlot.get(query.fixed().getAsInt()), liveness);
        }
        Optional<StoredOccupant> unsure = Optional.empty();
        for (int slot = 0; slot < query.bound(); slot++) {
            if (query.inFlight().contains(slot) || query.liveSlots().contains(slot)) {
                continue;
            }
            StoredOccupant o = bySlot.get(slot);
            if (o == null) {
                return new SlotChoice.Take(slot, 0, Optional.empty());
            }
            switch (liveness.apply(o.occupant())) {
                case GONE -> {
                    return new SlotChoice.Take(slot, o.revision(), Optional.of(o));
                }
                case UNKNOWN -> unsure = unsure.or(() -> Optional.of(o));
                case LIVE -> {}
            }
        }
        return unsure.<SlotChoice>map(SlotChoice.Check::new).orElseGet(() -> new SlotChoice.Exhausted(query.bound()));
    }

    /**
     * A fixed slot's pods all have one name, and the API server lets one pod of a name exist at a
     * time: an occupant of the same name (an earlier attempt to create this pod, whose answer was
     * lost or which failed later) is taken over, whatever is known of it; if that pod does exist,
     * this one's creation fails as a duplicate name.
     */
    private static SlotChoice fixed(
            int slot, SlotQuery query, StoredOccupant o, Function<Occupant, Liveness> liveness) {
        if (o != null
                && !query.podName().isEmpty()
                && query.podName().equals(o.occupant().podName())) {
            return new SlotChoice.Take(slot, o.revision(), Optional.of(o));
        }
        if (query.liveSlots().contains(slot)) {
            return new SlotChoice.Occupied(
                    slot, o == null ? "a live pod" : o.occupant().describe());
        }
        if (o == null) {
            return new SlotChoice.Take(slot, 0, Optional.empty());
        }
        return switch (liveness.apply(o.occupant())) {
            case GONE -> new SlotChoice.Take(slot, o.revision(), Optional.of(o));
            case LIVE -> new SlotChoice.Occupied(slot, o.occupant().describe());
            case UNKNOWN -> new SlotChoice.Check(o);
        };
    }
}
