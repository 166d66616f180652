package io.stickyip.core.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.workload.WorkloadRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlotChooserTest {
    static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");
    static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");
    static final String ME = "uid-me";

    static StoredOccupant held(WorkloadRef w, int slot, String token, long revision) {
        return new StoredOccupant(w, slot, new Occupant(token, "p-" + token, "pod-" + token, Instant.EPOCH), revision);
    }

    /** Liveness by token: LIVE unless listed. */
    static Map<String, Liveness> known(Object... pairs) {
        HashMap<String, Liveness> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Liveness) pairs[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> choices() {
        StoredOccupant a0 = held(WEB, 0, "a", 10);
        StoredOccupant b1 = held(WEB, 1, "b", 11);
        StoredOccupant mine2 = held(WEB, 2, ME, 12);
        StoredOccupant db0 = held(DB, 0, "old", 20);
        return Stream.of(
                argumentSet(
                        "takes the lowest slot without an occupant",
                        SlotQuery.upTo(ME, 5, Set.of(), Set.of()),
                        List.of(a0, b1),
                        known(),
                        new SlotChoice.Take(2, 0, Optional.empty())),
                argumentSet(
                        "finds the slot this very admission took already (reinvocation)",
                        SlotQuery.upTo(ME, 5, Set.of(), Set.of()),
                        List.of(a0, b1, mine2),
                        known(),
                        new SlotChoice.Reuse(2)),
                argumentSet(
                        "takes over the lowest slot whose pod is known gone, guarded on its revision",
                        SlotQuery.upTo(ME, 5, Set.of(), Set.of()),
                        List.of(a0, b1),
                        known("b", Liveness.GONE),
                        new SlotChoice.Take(1, 11, Optional.of(b1))),
                argumentSet(
                        "never takes a slot whose pod is unknown while a free one exists",
                        SlotQuery.upTo(ME, 3, Set.of(), Set.of()),
                        List.of(a0, b1),
                        known("a", Liveness.UNKNOWN),
                        new SlotChoice.Take(2, 0, Optional.empty())),
                argumentSet(
                        "asks about an unknown pod when every other slot is held",
                        SlotQuery.upTo(ME, 2, Set.of(), Set.of()),
                        List.of(a0, b1),
                        known("a", Liveness.UNKNOWN),
                        new SlotChoice.Check(a0)),
                argumentSet(
                        "skips slots live pods show although the store has no occupant for them",
                        SlotQuery.upTo(ME, 3, Set.of(0, 1), Set.of()),
                        List.of(),
                        known(),
                        new SlotChoice.Take(2, 0, Optional.empty())),
                argumentSet(
                        "skips slots this replica is taking for other admissions",
                        SlotQuery.upTo(ME, 3, Set.of(), Set.of(0)),
                        List.of(),
                        known(),
                        new SlotChoice.Take(1, 0, Optional.empty())),
                argumentSet(
                        "is exhausted when every slot below the bound is held by a live pod",
                        SlotQuery.upTo(ME, 2, Set.of(), Set.of()),
                        List.of(a0, b1),
                        known(),
                        new SlotChoice.Exhausted(2)),
                argumentSet(
                        "takes a free fixed slot",
                        SlotQuery.fixed(ME, 0, Set.of(), "db-0"),
                        List.of(),
                        known(),
                        new SlotChoice.Take(0, 0, Optional.empty())),
                argumentSet(
                        "refuses a fixed slot held by a live pod, naming it",
                        SlotQuery.fixed(ME, 0, Set.of(), "db-0"),
                        List.of(db0),
                        known(),
                        new SlotChoice.Occupied(0, "pod p-old (uid pod-old)")),
                argumentSet(
                        "takes over a fixed slot whose pod is gone",
                        SlotQuery.fixed(ME, 0, Set.of(), "db-0"),
                        List.of(db0),
                        known("old", Liveness.GONE),
                        new SlotChoice.Take(0, 20, Optional.of(db0))),
                argumentSet(
                        "asks about a fixed slot's unknown pod",
                        SlotQuery.fixed(ME, 0, Set.of(), "db-0"),
                        List.of(db0),
                        known("old", Liveness.UNKNOWN),
                        new SlotChoice.Check(db0)),
                argumentSet(
                        "takes over a fixed slot from an earlier attempt at the same pod name, whatever is known of it",
                        SlotQuery.fixed(ME, 0, Set.of(0), "p-old"),
                        List.of(db0),
                        known("old", Liveness.LIVE),
                        new SlotChoice.Take(0, 20, Optional.of(db0))),
                argumentSet(
                        "refuses a fixed slot a live pod shows although the store has no occupant",
                        SlotQuery.fixed(ME, 0, Set.of(0), "db-0"),
                        List.of(),
                        known(),
                        new SlotChoice.Occupied(0, "a live pod")));
    }

    @ParameterizedTest
    @MethodSource("choices")
    void chooses(SlotQuery query, List<StoredOccupant> occupants, Map<String, Liveness> liveness, SlotChoice expected) {
        assertThat(SlotChooser.choose(query, occupants, o -> liveness.getOrDefault(o.token(), Liveness.LIVE)))
                .isEqualTo(expected);
    }
}
