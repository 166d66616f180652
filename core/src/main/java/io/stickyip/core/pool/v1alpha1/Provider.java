package io.stickyip.core.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a pool's addresses come from. */
public class Provider {

    /** The provider kinds; the JSON names are the lower-case words users write. */
    public enum Type {
        @JsonProperty("static")
        STATIC,
        @JsonProperty("aws")
        AWS;

        /** The name as written in an IPPool. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @JsonPropertyDescription("static: addresses routed to the nodes (bare metal, floating IPs); aws: Elastic IPs.")
    private Type type = Type.STATIC;

    @JsonPropertyDescription("AWS region (aws provider).")
    private String region;

    @JsonPropertyDescription("KubeIP-style tag filter selecting the Elastic IPs of the pool, e.g. {kubeip: reserved}.")
    private Map<String, String> tagFilter = new LinkedHashMap<>();

    @JsonPropertyDescription(
            "aws: DescribeAddresses filters in KubeIP's FILTER syntax, ';'-separated and ANDed, e.g. Name=tag:kubeip,Values=reserved;Name=tag:environment,Values=prod. ANDed with tagFilter.")
    private String filter;

    @JsonPropertyDescription(
            "aws: KubeIP's ORDER_BY: the order free Elastic IPs are handed out in, ascending: Tag:KEY, AllocationId, PublicIp, PublicIpv4Pool, Domain, ... Default: AllocationId.")
    private String orderBy;

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public Map<String, String> getTagFilter() {
        return tagFilter;
    }

    public void setTagFilter(Map<String, String> tagFilter) {
        this.tagFilter = tagFilter == null ? new LinkedHashMap<>() : tagFilter;
    }

    public String getFilter() {
        return filter;
    }

    public void setFilter(String filter) {
        this.filter = filter;
    }

    public String getOrderBy() {
        return orderBy;
    }

    public void setOrderBy(String orderBy) {
        this.orderBy = orderBy;
    }
}
