package io.stickyip.core.cloud.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The periodic comparison of the cloud with the store (pure; the leader-elected controller runs it).
 * Two directions:
 * <ul>
 *   <li>EIPs tagged with this cluster ({@link Tags#CLUSTER}) that no reservation holds: leaked
 *       (an agent or controller died between tagging and recording, or a reservation was deleted
 *       by hand). Released only once they have been unheld for the whole grace period across
 *       passes, so an assignment in flight (tagged a moment before its reservation is visible) is
 *       never undone; {@link Plan#unheldSince()} carries the clock to the next pass.</li>
 *   <li>Reservations whose EIP vanished, or is associated with an address stickyip did not bind it to
 *       (someone re-associated it by hand): flagged for a Warning Event and a pool condition, never
 *       taken back. A reservation whose EIP is simply not associated (disassociated by someone, or a
 *       step not yet done) is re-associated, by the holder's agent, with the usual steps: that is safe
 *       because AllowReassociation=false never moves an address someone else holds.</li>
 * </ul>
 */
public final class Reconciliation {

    private Reconciliation() {}

    /** What the store holds for one address: its holder and, once bound, where. */
    public record Held(String allocationId, String holder, Binding binding) {
        public Held {
            Objects.requireNonNull(allocationId, "allocationId");
            Objects.requireNonNull(holder, "holder");
        }
    }

    public sealed interface Finding {
        /** unheld past the grace period: release it (disassociate where bound, drop our tags) */
        record Release(ElasticIp eip, Instant unheldSince) implements Finding {}

        /** unheld, still within the grace period */
        record Leaked(ElasticIp eip, Instant unheldSince) implements Finding {}

        /** the reserved EIP no longer exists */
        record Vanished(Held held) implements Finding {}

        /** associated with something stickyip did not bind: Warning Event, pool condition, hands off */
        record ReassociatedElsewhere(Held held, ElasticIp eip) implements Finding {}

        /** not associated although reserved: the holder's agent associates it again */
        record Reassociate(Held held, ElasticIp eip) implements Finding {}
    }

    public record Plan(List<Finding> findings, Map<String, Instant> unheldSince) {
        public Plan {
            findings = List.copyOf(findings);
            unheldSince = Map.copyOf(unheldSince);
        }

        public <T extends Finding> List<T> of(Class<T> kind) {
            return findings.stream().filter(kind::isInstance).map(kind::cast).toList();
        }
    }

    /**
     * @param ours        EIPs tagged with this cluster, from DescribeAddresses (filter tag:stickyip.io/cluster)
     * @param reservedEips every EIP a reservation names, looked up by allocation ID (absent: vanished)
     * @param held        the store's reservations of cloud addresses
     * @param unheldSince the previous pass's clock (empty on the first pass or a new leader)
     */
    public static Plan pass(
            List<ElasticIp> ours,
            Map<String, ElasticIp> reservedEips,
            List<Held> held,
            Map<String, Instant> unheldSince,
            Instant now,
            Duration grace) {
        Set<String> heldIds = held.stream().map(Held::allocationId).collect(Collectors.toSet());
        List<Finding> findings = new ArrayList<>();
        Map<String, Instant> clock = new HashMap<>();
        for (ElasticIp eip : ours) {
            if (heldIds.contains(eip.allocationId())) {
                continue;
            }
            Instant since = unheldSince.getOrDefault(eip.allocationId(), now);
            clock.put(eip.allocationId(), since);
            findings.add(
                    !since.plus(grace).isAfter(now) ? new Finding.Release(eip, since) : new Finding.Leaked(eip, since));
        }
        for (Held h : held) {
            ElasticIp eip = reservedEips.get(h.allocationId());
            if (eip == null) {
                findings.add(new Finding.Vanished(h));
            } else if (eip.associated()) {
                boolean bound = eip.recordedBinding()
                                .filter(b -> b.networkInterfaceId()
                                        .equals(eip.association().networkInterfaceId()))
                                .isPresent()
                        && h.holder().equals(holderTag(eip));
                if (!bound) {
                    findings.add(new Finding.ReassociatedElsewhere(h, eip));
                }
            } else if (h.binding() != null) {
                findings.add(new Finding.Reassociate(h, eip));
            }
        }
        return new Plan(findings, clock);
    }

    private static String holderTag(ElasticIp eip) {
        return eip.tag(Tags.NODE).or(() -> eip.tag(Tags.OWNER)).orElse("");
    }
}
