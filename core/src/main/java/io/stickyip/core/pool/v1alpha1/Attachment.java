package io.stickyip.core.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the agent attaches an address to the pod. */
public class Attachment {
    @JsonPropertyDescription("macvlan, ipvlan or routed (a veth with host routes).")
    private String mode = "routed";
    @JsonPropertyDescription("Master interface on the node for macvlan/ipvlan, e.g. eth0.")
    private String master;

    public String getMode() { return mode; }
    public void setMode(String mode) { this.mode = mode; }
    public String getMaster() { return master; }
    public void setMaster(String master) { this.master = master; }
}
