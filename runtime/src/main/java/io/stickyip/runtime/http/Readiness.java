package io.stickyip.runtime.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What {@code /readyz} asks: the names of what is not ready yet, none when ready. Cheap, called per probe. */
@FunctionalInterface
public interface Readiness {
    Readiness ALWAYS = List::of;

    List<String> notReady();

    /** A named check, e.g. {@code check("pods informer", pods::synced)}. */
    static Readiness check(String name, BooleanSupplier ready) {
        return () -> ready.getAsBoolean() ? List.of() : List.of(name);
    }

    /** Ready when both are. */
    default Readiness and(Readiness other) {
        return () -> {
            List<String> out = new ArrayList<>(notReady());
            out.addAll(other.notReady());
            return out;
        };
    }
}
