package io.stickyip.core.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One condition of an {@link IPPoolStatus}, shaped like metav1.Condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolCondition {
    /** Node pools: True while selected nodes wait for a free address. */
    public static final String NODES_WAITING = "NodesWaiting";
    /** Cloud pools: False while the cloud shows a reserved address vanished or associated by someone else. */
    public static final String CLOUD_IN_SYNC = "CloudInSync";

    @JsonPropertyDescription("Condition type, e.g. NodesWaiting or CloudInSync.")
    private String type;

    @JsonPropertyDescription("True, False or Unknown.")
    private String status;

    @JsonPropertyDescription("One CamelCase word saying why.")
    private String reason;

    @JsonPropertyDescription("What a human needs to know.")
    private String message;

    @JsonPropertyDescription("When status last changed (RFC 3339).")
    private String lastTransitionTime;

    public PoolCondition() {}

    public PoolCondition(String type, boolean status, String reason, String message) {
        this.type = type;
        this.status = status ? "True" : "False";
        this.reason = reason;
        this.message = message;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }
}
