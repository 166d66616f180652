package io.stickyip.store.repair;

import io.stickyip.core.reservation.Reservation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the start-up repair changes for one workload, from its slots and held keys as read; pure.
 * An address must belong to exactly one slot. Stores written before that was enforced may have
 * two slots on one address, and held keys that name no slot: slots are kept in ascending order,
 * a slot sharing an address with a kept one is freed (its reservation deleted), and every held
 * key is made to name the kept slot that has its address, or none.
 *
 * @param freed      slots whose reservation is deleted, each with the address that made it so
 * @param duplicates what was found, for the log: {@code address -> [kept slot, freed slot]}
 * @param held       the new value of every held key that must change ({@link OptionalInt#empty()}: unbound)
 */
record RepairPlan(Map<Integer, String> freed, List<Duplicate> duplicates, Map<String, OptionalInt> held) {

    /** An address found in two slots: {@code kept} keeps it, {@code freed} loses its reservation. */
    record Duplicate(String address, int kept, int freed) {}

    RepairPlan {
        freed = Map.copyOf(freed);
        duplicates = List.copyOf(duplicates);
        held = Map.copyOf(held);
    }

    boolean isEmpty() {
        return freed.isEmpty() && held.isEmpty();
    }

    /**
     * @param slots    the workload's reservations
     * @param bindings every held key of the workload: address -> the slot it names (empty: none)
     */
    static RepairPlan of(List<Reservation> slots, Map<String, OptionalInt> bindings) {
        Map<String, Integer> owner = new HashMap<>();
        Map<Integer, String> freed = new LinkedHashMap<>();
        List<Duplicate> duplicates = new ArrayList<>();
        for (Reservation r : slots.stream()
                .sorted(Comparator.comparingInt(Reservation::slot))
                .toList()) {
            String shared = r.addresses().stream()
                    .filter(owner::containsKey)
                    .findFirst()
                    .orElse(null);
            if (shared != null) {
                freed.put(r.slot(), shared);
                duplicates.add(new Duplicate(shared, owner.get(shared), r.slot()));
                continue;
            }
            r.addresses().forEach(a -> owner.put(a, r.slot()));
        }
        Map<String, OptionalInt> held = new LinkedHashMap<>();
        bindings.forEach((address, current) -> {
            Integer slot = owner.get(address);
            OptionalInt wanted = slot == null ? OptionalInt.empty() : OptionalInt.of(slot);
            if (!wanted.equals(current)) {
                held.put(address, wanted);
            }
        });
        return new RepairPlan(freed, duplicates, held);
    }
}
