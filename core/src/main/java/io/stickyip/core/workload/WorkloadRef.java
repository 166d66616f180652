package io.stickyip.core.workload;

import java.util.Locale;
import java.util.Objects;

/**
 * The owner of a reservation: a Deployment, a StatefulSet, another controller, or a bare Pod.
 * Reservations belong to workloads, never to pods, so a recreated pod finds its address again.
 *
 * @param namespace the workload's namespace
 * @param kind      lower-case kind, e.g. {@code deployment}, {@code statefulset}, {@code pod}
 * @param name      the workload's name
 */
public record WorkloadRef(String namespace, String kind, String name) {

    public static final String DEPLOYMENT = "deployment";
    public static final String STATEFULSET = "statefulset";
    public static final String POD = "pod";

    public WorkloadRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        kind = kind.toLowerCase(Locale.ROOT);
        if (namespace.contains("/") || kind.contains("/") || name.contains("/")) {
            throw new IllegalArgumentException(
                    "workload parts may not contain '/': " + namespace + "/" + kind + "/" + name);
        }
    }

    /** {@code namespace/kind/name}: the stable key used in storage and in annotations. */
    public String key() {
        return namespace + "/" + kind + "/" + name;
    }

    /** Parses {@link #key()}; throws {@link IllegalArgumentException} on anything else. */
    public static WorkloadRef parse(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a workload key (namespace/kind/name): " + key);
        }
        return new WorkloadRef(parts[0], parts[1], parts[2]);
    }

    /** How users read it in messages: {@code deployment shop/db}. */
    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
