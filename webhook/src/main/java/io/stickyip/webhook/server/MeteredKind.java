package io.stickyip.webhook.server;

import io.stickyip.core.pool.v1alpha1.IPPool;
import java.util.Locale;

/**
 * The {@code kind} label of the admission meters: one of a fixed set, so no request can mint a
 * series (a label value taken from the request would let a caller grow the registry without bound).
 */
enum MeteredKind {
    POD,
    DEPLOYMENT,
    STATEFULSET,
    IPPOOL,
    OTHER;

    /** By group and kind as the review names them; anything stickyip does not serve is {@link #OTHER}. */
    static MeteredKind of(String group, String kind) {
        return switch (group + "/" + kind) {
            case "/Pod" -> POD;
            case "apps/Deployment" -> DEPLOYMENT;
            case "apps/StatefulSet" -> STATEFULSET;
            case IPPool.GROUP + "/IPPool" -> IPPOOL;
            default -> OTHER;
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
