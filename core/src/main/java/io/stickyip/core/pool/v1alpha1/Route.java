package io.stickyip.core.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A route installed for the pod's fixed address. */
public class Route {
    @JsonPropertyDescription("Destination CIDR, e.g. 0.0.0.0/0.")
    private String dst;

    @JsonPropertyDescription("Next hop; defaults to the pool's gateway.")
    private String via;

    public Route() {}

    public Route(String dst, String via) {
        this.dst = dst;
        this.via = via;
    }

    public String getDst() {
        return dst;
    }

    public void setDst(String dst) {
        this.dst = dst;
    }

    public String getVia() {
        return via;
    }

    public void setVia(String via) {
        this.via = via;
    }
}
