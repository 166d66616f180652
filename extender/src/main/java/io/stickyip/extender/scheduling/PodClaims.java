package io.stickyip.extender.scheduling;

import java.util.List;
import java.util.Objects;

/**
 * The addresses a pod being scheduled holds, each with the pool it came from (what the webhook
 * wrote on the pod).
 *
 * @param pod    {@code namespace/name}, for messages
 * @param uid    the pod's UID (its own addresses are not counted against a node's room)
 * @param claims its addresses, in order
 */
public record PodClaims(String pod, String uid, List<Claim> claims) {

    public PodClaims {
        Objects.requireNonNull(pod);
        uid = uid == null ? "" : uid;
        claims = List.copyOf(claims);
    }

    /**
     * @param address canonical address text
     * @param pool    the pool it belongs to
     */
    public record Claim(String address, String pool) {
        public Claim {
            Objects.requireNonNull(address);
            Objects.requireNonNull(pool);
        }
    }

    public List<String> pools() {
        return claims.stream().map(Claim::pool).distinct().toList();
    }
}
