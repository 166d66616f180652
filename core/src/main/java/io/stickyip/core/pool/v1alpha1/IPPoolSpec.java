package io.stickyip.core.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired state of an {@link IPPool}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class IPPoolSpec {

    @JsonPropertyDescription(
            "Addresses of the pool as a CIDR, e.g. 10.20.0.0/24 or 2001:db8::/120. For IPv4 CIDRs shorter than /31 the network and broadcast addresses are left out.")
    private String cidr;

    @JsonPropertyDescription("Further addresses as ranges 'first-last' or single addresses.")
    private List<String> ranges = new ArrayList<>();

    @JsonPropertyDescription("Addresses never handed out: single addresses, 'first-last' ranges or CIDRs.")
    private List<String> exclude = new ArrayList<>();

    @JsonPropertyDescription("Pod: each claiming pod gets addresses; Node: each selected node gets one.")
    private Scope scope = Scope.Pod;

    @JsonPropertyDescription("Namespaces whose workloads may claim from this pool; empty means every namespace.")
    private List<String> namespaces = new ArrayList<>();

    @JsonPropertyDescription("Node labels a node must have for this pool's addresses to live on it.")
    private Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Zones (topology.kubernetes.io/zone) the addresses can live in; empty means any.")
    private List<String> zones = new ArrayList<>();

    @JsonPropertyDescription("Node subnets (CIDRs) the addresses can live on; empty means any.")
    private List<String> subnets = new ArrayList<>();

    @JsonPropertyDescription("Prefix length given to the address inside the pod; defaults to the CIDR's (or 32/128).")
    private Integer prefixLength;

    @JsonPropertyDescription("Default gateway for the pod's fixed address.")
    private String gateway;

    @JsonPropertyDescription("Extra routes for the pod's fixed address.")
    private List<Route> routes = new ArrayList<>();

    @JsonPropertyDescription("DNS settings for pods using this pool.")
    private Dns dns;

    @JsonPropertyDescription("Where the addresses come from and how they reach the node.")
    private Provider provider;

    @JsonPropertyDescription("How the address is attached to the pod.")
    private Attachment attachment;

    @JsonPropertyDescription(
            "Node pools: key of a NoSchedule taint the selected nodes carry (e.g. set by their node group) and that is removed once the node's address is live, so workloads needing it never start before (KubeIP's TAINT_KEY).")
    private String taintKey;

    @JsonPropertyDescription(
            "Node pools: release the node's address when its agent is terminated for good (a drain), not only when the Node is deleted (KubeIP's RELEASE_ON_EXIT). Default true.")
    private Boolean releaseOnExit;

    @JsonPropertyDescription(
            "Pod pools: how many addresses one namespace and one workload may hold; a reservation past a limit is denied at admission.")
    private Limits limits;

    public enum Scope {
        Pod,
        Node
    }

    public String getCidr() {
        return cidr;
    }

    public void setCidr(String cidr) {
        this.cidr = cidr;
    }

    public List<String> getRanges() {
        return ranges;
    }

    public void setRanges(List<String> ranges) {
        this.ranges = ranges == null ? new ArrayList<>() : ranges;
    }

    public List<String> getExclude() {
        return exclude;
    }

    public void setExclude(List<String> exclude) {
        this.exclude = exclude == null ? new ArrayList<>() : exclude;
    }

    public Scope getScope() {
        return scope;
    }

    public void setScope(Scope scope) {
        this.scope = scope == null ? Scope.Pod : scope;
    }

    public List<String> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<String> namespaces) {
        this.namespaces = namespaces == null ? new ArrayList<>() : namespaces;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector == null ? new LinkedHashMap<>() : nodeSelector;
    }

    public List<String> getZones() {
        return zones;
    }

    public void setZones(List<String> zones) {
        this.zones = zones == null ? new ArrayList<>() : zones;
    }

    public List<String> getSubnets() {
        return subnets;
    }

    public void setSubnets(List<String> subnets) {
        this.subnets = subnets == null ? new ArrayList<>() : subnets;
    }

    public Integer getPrefixLength() {
        return prefixLength;
    }

    public void setPrefixLength(Integer prefixLength) {
        this.prefixLength = prefixLength;
    }

    public String getGateway() {
        return gateway;
    }

    public void setGateway(String gateway) {
        this.gateway = gateway;
    }

    public List<Route> getRoutes() {
        return routes;
    }

    public void setRoutes(List<Route> routes) {
        this.routes = routes == null ? new ArrayList<>() : routes;
    }

    public Dns getDns() {
        return dns;
    }

    public void setDns(Dns dns) {
        this.dns = dns;
    }

    public Provider getProvider() {
        return provider;
    }

    public void setProvider(Provider provider) {
        this.provider = provider;
    }

    public Attachment getAttachment() {
        return attachment;
    }

    public void setAttachment(Attachment attachment) {
        this.attachment = attachment;
    }

    public String getTaintKey() {
        return taintKey;
    }

    public void setTaintKey(String taintKey) {
        this.taintKey = taintKey;
    }

    public Boolean getReleaseOnExit() {
        return releaseOnExit;
    }

    public void setReleaseOnExit(Boolean releaseOnExit) {
        this.releaseOnExit = releaseOnExit;
    }

    public Limits getLimits() {
        return limits;
    }

    public void setLimits(Limits limits) {
        this.limits = limits;
    }
    /** KubeIP's default: true. */
    public boolean releasesOnExit() {
        return releaseOnExit == null || releaseOnExit;
    }
}
