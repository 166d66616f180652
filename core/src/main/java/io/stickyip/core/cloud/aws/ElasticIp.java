package io.stickyip.core.cloud.aws;

import io.stickyip.core.provider.NodeCandidate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Elastic IP as DescribeAddresses shows it, reduced to what stickyip decides on. Pure value:
 * the adapter maps the SDK's {@code Address} onto it. An aws node pool's {@link NodeCandidate}: its ID is the
 * allocation ID, its address the public IP, bound elsewhere when associated, its last node the
 * {@link Tags#LAST_NODE} tag.
 *
 * @param association null when the address is not associated
 */
public record ElasticIp(
        String allocationId,
        String publicIp,
        String domain,
        String publicIpv4Pool,
        Association association,
        Map<String, String> tags)
        implements NodeCandidate {

    /** Where an associated address points: an ENI and one of its private addresses. */
    public record Association(
            String associationId,
            String networkInterfaceId,
            String privateIp,
            String instanceId,
            String networkInterfaceOwnerId) {
        public Association {
            Objects.requireNonNull(associationId, "associationId");
        }

        /** True when the association points at exactly this binding. */
        public boolean pointsAt(Binding binding, boolean comparePrivateIp) {
            return binding.networkInterfaceId().equals(networkInterfaceId)
                    && (!comparePrivateIp || binding.privateIp().equals(privateIp));
        }
    }

    public ElasticIp {
        Objects.requireNonNull(allocationId, "allocationId");
        Objects.requireNonNull(publicIp, "publicIp");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public boolean associated() {
        return association != null;
    }

    @Override
    public String id() {
        return allocationId;
    }

    @Override
    public String address() {
        return publicIp;
    }

    /** Associated: free only when associated with nothing (associated without a reservation is someone else's). */
    @Override
    public boolean boundElsewhere() {
        return associated();
    }

    @Override
    public Optional<String> lastNode() {
        return tag(Tags.LAST_NODE);
    }

    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }

    /** The binding recorded in stickyip's tag ({@link Tags#BINDING}), if any and well-formed. */
    public Optional<Binding> recordedBinding() {
        return tag(Tags.BINDING).flatMap(Binding::parse);
    }

    @Override
    public String toString() {
        return publicIp + " (" + allocationId + ")";
    }
}
