package io.stickyip.core.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * DNS settings handed to pods of the pool: the webhook writes them into the pod's
 * {@code spec.dnsConfig} at admission (a running pod's resolv.conf cannot be changed).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Dns {

    /** Which resolvers a pod of the pool uses when the pool gives nameservers. */
    public enum Policy {
        /** The pool's resolvers only: a pod with dnsPolicy ClusterFirst gets dnsPolicy None. */
        None,
        /** The cluster's DNS first, the pool's nameservers after it: the pod's dnsPolicy is kept. */
        ClusterFirst
    }

    @JsonPropertyDescription(
            "DNS server addresses (at most 3), written into the pod's spec.dnsConfig.nameservers after the pod's own.")
    private List<String> nameservers = new ArrayList<>();

    @JsonPropertyDescription(
            "Search domains (DNS names), written into the pod's spec.dnsConfig.searches after the pod's own.")
    private List<String> search = new ArrayList<>();

    @JsonPropertyDescription(
            "Resolver options (name, optional value), e.g. ndots 2, written into the pod's spec.dnsConfig.options; an option the pod sets itself keeps the pod's value.")
    private List<DnsOption> options = new ArrayList<>();

    @JsonPropertyDescription(
            "None (default): with nameservers, a pod with dnsPolicy ClusterFirst gets dnsPolicy None and resolves through the pool's servers only. ClusterFirst: the pod keeps its dnsPolicy and the pool's servers come after the cluster's DNS.")
    private Policy policy;

    public List<String> getNameservers() {
        return nameservers;
    }

    public void setNameservers(List<String> nameservers) {
        this.nameservers = nameservers == null ? new ArrayList<>() : nameservers;
    }

    public List<String> getSearch() {
        return search;
    }

    public void setSearch(List<String> search) {
        this.search = search == null ? new ArrayList<>() : search;
    }

    public List<DnsOption> getOptions() {
        return options;
    }

    public void setOptions(List<DnsOption> options) {
        this.options = options == null ? new ArrayList<>() : options;
    }

    public Policy getPolicy() {
        return policy;
    }

    public void setPolicy(Policy policy) {
        this.policy = policy;
    }

    /** The policy in effect: {@link Policy#None} unless the pool says otherwise. */
    public Policy effectivePolicy() {
        return policy == null ? Policy.None : policy;
    }
}
