package io.stickyip.core.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Observed state of an {@link IPPool}, written by the webhook's pool-status controller. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPPoolStatus {
    private Long total;
    private Long free;
    private Long reserved;
    private Long live;
    private String message;

    @JsonPropertyDescription("Node pools: selected nodes waiting for a free address.")
    private Long waiting;

    @JsonPropertyDescription(
            "Pod pools with limits: how many of the pool's addresses each namespace holds (a count only, never which workloads).")
    private Map<String, Long> namespaces;

    @JsonPropertyDescription("NodesWaiting (node pools), CloudInSync (cloud pools).")
    private List<PoolCondition> conditions = new ArrayList<>();

    public Long getTotal() {
        return total;
    }

    public void setTotal(Long total) {
        this.total = total;
    }

    public Long getFree() {
        return free;
    }

    public void setFree(Long free) {
        this.free = free;
    }

    public Long getReserved() {
        return reserved;
    }

    public void setReserved(Long reserved) {
        this.reserved = reserved;
    }

    public Long getLive() {
        return live;
    }

    public void setLive(Long live) {
        this.live = live;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Long getWaiting() {
        return waiting;
    }

    public void setWaiting(Long waiting) {
        this.waiting = waiting;
    }

    public Map<String, Long> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(Map<String, Long> namespaces) {
        this.namespaces = namespaces;
    }

    public List<PoolCondition> getConditions() {
        return conditions;
    }

    public void setConditions(List<PoolCondition> conditions) {
        this.conditions = conditions;
    }
}
