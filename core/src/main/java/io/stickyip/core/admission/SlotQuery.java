package io.stickyip.core.admission;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What an admission asks of the slot choice.
 *
 * @param token     the admission's claim token (its uid): an occupant with it is this admission's own
 * @param fixed     the slot the workload fixes (StatefulSet ordinal, bare pod 0), if it does
 * @param bound     otherwise: slots {@code 0..bound-1} may be chosen
 * @param liveSlots slots live pods of the workload show in the pod view (also pods admitted before
 *                  occupants were kept): never chosen
 * @param inFlight  slots this replica is taking right now for other admissions: not chosen, to
 *                  spare a lost race
 * @param podName   the pod's name, {@code ""} if it has none yet (generateName)
 */
public record SlotQuery(
        String token, OptionalInt fixed, int bound, Set<Integer> liveSlots, Set<Integer> inFlight, String podName) {
    public SlotQuery {
        Objects.requireNonNull(podName, "podName");
        liveSlots = Set.copyOf(liveSlots);
        inFlight = Set.copyOf(inFlight);
        if (fixed.isEmpty() && bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1: " + bound);
        }
    }

    /** The workload fixes the slot; its pods all carry one name ({@code podName}, StatefulSet ordinal or bare pod). */
    public static SlotQuery fixed(String token, int slot, Set<Integer> liveSlots, String podName) {
        return new SlotQuery(token, OptionalInt.of(slot), slot + 1, liveSlots, Set.of(), podName);
    }

    public static SlotQuery upTo(String token, int bound, Set<Integer> liveSlots, Set<Integer> inFlight) {
        return new SlotQuery(token, OptionalInt.empty(), bound, liveSlots, inFlight, "");
    }
}
