package io.stickyip.core.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * How many of a pool's addresses one namespace, and one workload, may hold at once (pod pools):
 * a tenant sharing the pool cannot drain it. Unset means no limit. Enforced at admission, in the
 * same etcd transaction as the reservation (docs/reservations.md, "Limits").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Limits {

    @Min(1)
    @JsonPropertyDescription(
            "Most addresses of this pool the workloads of one namespace may hold together; unset: no limit.")
    private Integer perNamespace;

    @Min(1)
    @JsonPropertyDescription(
            "Most addresses of this pool one workload (a Deployment, a StatefulSet, a bare pod) may hold; unset: no limit.")
    private Integer perWorkload;

    public Limits() {}

    public Limits(Integer perNamespace, Integer perWorkload) {
        this.perNamespace = perNamespace;
        this.perWorkload = perWorkload;
    }

    public Integer getPerNamespace() {
        return perNamespace;
    }

    public void setPerNamespace(Integer perNamespace) {
        this.perNamespace = perNamespace;
    }

    public Integer getPerWorkload() {
        return perWorkload;
    }

    public void setPerWorkload(Integer perWorkload) {
        this.perWorkload = perWorkload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Limits l
                && Objects.equals(perNamespace, l.perNamespace)
                && Objects.equals(perWorkload, l.perWorkload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(perNamespace, perWorkload);
    }
}
