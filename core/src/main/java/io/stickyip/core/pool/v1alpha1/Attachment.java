package io.stickyip.core.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the agent attaches an address to the pod. */
public class Attachment {

    /** The attachment kinds; the JSON names are the lower-case words users write. */
    public enum Mode {
        @JsonProperty("macvlan")
        MACVLAN,
        @JsonProperty("ipvlan")
        IPVLAN,
        @JsonProperty("routed")
        ROUTED;

        /** The name as written in an IPPool. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @JsonPropertyDescription("macvlan, ipvlan or routed (a veth with host routes).")
    private Mode mode = Mode.ROUTED;

    @JsonPropertyDescription("Master interface on the node for macvlan/ipvlan, e.g. eth0.")
    private String master;

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public String getMaster() {
        return master;
    }

    public void setMaster(String master) {
        this.master = master;
    }
}
