package io.stickyip.core.plumbing;

import java.util.Objects;

/** An extra route of the pool: {@code dst} via {@code via} (null: via the pool's gateway). */
public record PoolRoute(IpPrefix dst, String via) {
    public PoolRoute {
        Objects.requireNonNull(dst, "dst");
        if (via != null) {
            via = IpPrefix.host(via).address();
        }
    }
}
