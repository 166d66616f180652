package io.stickyip.core.node;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.stickyip.core.contract.Addresses;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The per-node object: one {@code coordination.k8s.io/v1} Lease per node, written by that node's
 * agent (docs/node-agent-lease.md). The codec both ways, so the agent, the extender and the tests
 * write and read exactly the same object.
 */
public final class AgentLeases {
    /** Lease names are this prefix plus the node's name. */
    public static final String NAME_PREFIX = "stickyip-node-";
    /** Label on every agent Lease, for a label-selected informer. */
    public static final String LABEL = "stickyip.io/agent-lease";
    /** Annotation: the node's name (authoritative; the Lease name is only a convention). */
    public static final String NODE = "stickyip.io/node";
    /** Annotation: how many more pod addresses the node can carry, a non-negative integer. */
    public static final String FREE_ADDRESSES = "stickyip.io/free-addresses";
    /** Annotation: addresses attached to the node now, comma-separated canonical text, sorted; empty for none. */
    public static final String ATTACHED = "stickyip.io/attached";
    /**
     * The most addresses one node's Lease lists: 256 IPv6 addresses in full text are about 10 KiB, far below
     * the API's object size limit (about 1.5 MiB in etcd), so no pod can make a Lease unwritable. A node's
     * agent refuses a pod whose claim would go past it (reason {@code NodeFull}).
     */
    public static final int MAX_ATTACHED = 256;

    private AgentLeases() {}

    public static String name(String node) {
        return NAME_PREFIX + node;
    }

    /** The whole Lease for a report, ready for a server-side apply. */
    public static Lease toLease(String namespace, AgentReport report) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(NODE, report.node());
        annotations.put(FREE_ADDRESSES, Integer.toString(report.freeAddresses()));
        annotations.put(ATTACHED, String.join(",", report.attached()));
        return new LeaseBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name(report.node()))
                .withLabels(Map.of(LABEL, "true"))
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(report.holder())
                .withLeaseDurationSeconds(Math.toIntExact(report.leaseDuration().toSeconds()))
                .withRenewTime(
                        ZonedDateTime.ofInstant(report.renewTime().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC))
                .endSpec()
                .build();
    }

    /** Reads an agent Lease; anything missing or malformed is {@link Read.Unreadable} with the field and value. */
    public static Read read(Lease lease) {
        Map<String, String> a =
                lease.getMetadata() == null || lease.getMetadata().getAnnotations() == null
                        ? Map.of()
                        : lease.getMetadata().getAnnotations();
        String node = a.get(NODE);
        String leaseName =
                lease.getMetadata() == null ? "(unnamed)" : lease.getMetadata().getName();
        if (node == null || node.isBlank()) {
            return new Read.Unreadable(null, "Lease " + leaseName + " has no " + NODE + " annotation");
        }
        var spec = lease.getSpec();
        if (spec == null || spec.getRenewTime() == null) {
            return new Read.Unreadable(node, "Lease " + leaseName + " has no spec.renewTime (no heartbeat yet)");
        }
        Integer seconds = spec.getLeaseDurationSeconds();
        if (seconds == null || seconds <= 0) {
            return new Read.Unreadable(
                    node, "Lease " + leaseName + " spec.leaseDurationSeconds: " + seconds + " must be positive");
        }
        String freeText = a.get(FREE_ADDRESSES);
        int free;
        try {
            free = Integer.parseInt(freeText == null ? "" : freeText.trim());
        } catch (NumberFormatException e) {
            free = -1;
        }
        if (free < 0) {
            return new Read.Unreadable(
                    node, "Lease " + leaseName + " " + FREE_ADDRESSES + ": " + freeText + " is not a count");
        }
        TreeSet<String> attached = new TreeSet<>();
        String list = a.getOrDefault(ATTACHED, "");
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            var address = Addresses.parse(part);
            if (address.isEmpty()) {
                return new Read.Unreadable(
                        node, "Lease " + leaseName + " " + ATTACHED + ": " + part.trim() + " is not an IP address");
            }
            attached.add(Addresses.canonical(address.get()));
        }
        String holder = spec.getHolderIdentity() == null ? "" : spec.getHolderIdentity();
        return new Read.Ok(new AgentReport(
                node, holder, spec.getRenewTime().toInstant(), Duration.ofSeconds(seconds), free, attached));
    }

    /**
     * The writer's rule, "on change plus a heartbeat": write when what the node reports differs
     * from the Lease, or when {@code renewEvery} has passed since the last heartbeat.
     */
    public static boolean due(Read current, AgentReport desired, Instant now, Duration renewEvery) {
        if (!(current instanceof Read.Ok(AgentReport have))) {
            return true;
        }
        boolean changed = have.freeAddresses() != desired.freeAddresses()
                || !have.attached().equals(desired.attached())
                || !have.holder().equals(desired.holder())
                || !have.leaseDuration().equals(desired.leaseDuration());
        return changed || !now.isBefore(have.renewTime().plus(renewEvery));
    }

    /** An agent Lease, read. */
    public sealed interface Read {
        /** @param report what the agent published */
        record Ok(AgentReport report) implements Read {}

        /**
         * @param node   the node it is about, if the Lease names one
         * @param reason what is wrong, naming the Lease, the field and the value
         */
        record Unreadable(String node, String reason) implements Read {}
    }
}
