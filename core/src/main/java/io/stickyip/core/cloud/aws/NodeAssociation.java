package io.stickyip.core.cloud.aws;

import io.stickyip.core.cloud.aws.CloudStep.Associate;
import io.stickyip.core.cloud.aws.CloudStep.Disassociate;
import io.stickyip.core.cloud.aws.CloudStep.Done;
import io.stickyip.core.cloud.aws.CloudStep.Reason;
import io.stickyip.core.cloud.aws.CloudStep.Refused;
import io.stickyip.core.cloud.aws.CloudStep.Released;
import io.stickyip.core.cloud.aws.CloudStep.Tag;
import io.stickyip.core.cloud.aws.CloudStep.Untag;
import java.util.List;
import java.util.Map;

/**
 * Node-level pools (KubeIP's job), pure: the next step to make an EIP live on a node's primary
 * private address, or to release it. Order: tag the EIP with cluster, pool, node and binding
 * first (the write-ahead record: a crash after the association leaves an EIP that says whose it
 * is), then AssociateAddress with AllowReassociation=false, then read back ({@link Done} only when
 * DescribeAddresses shows the association). An EIP associated anywhere else is never taken.
 */
public final class NodeAssociation {

    private NodeAssociation() {}

    /** Who wants the address: the node and its primary ENI's primary private address. */
    public record Target(String cluster, String pool, String node, Binding binding) {
        Map<String, String> tags() {
            return Tags.holder(cluster, pool, Tags.NODE, node, binding);
        }
    }

    /**
     * @param observed         the EIP as DescribeAddresses shows it now; null when it no longer exists
     * @param comparePrivateIp whether the read-back must show the private address too (see the adapter's config)
     */
    public static CloudStep associate(ElasticIp observed, Target target, boolean comparePrivateIp) {
        if (observed == null) {
            return new Refused(Reason.VANISHED, "no Elastic IP with this allocation ID");
        }
        Map<String, String> tags = target.tags();
        if (observed.associated()) {
            if (!observed.association().pointsAt(target.binding(), comparePrivateIp)) {
                return new Refused(
                        Reason.HELD_ELSEWHERE,
                        observed + " is associated with "
                                + observed.association().networkInterfaceId() + "/"
                                + observed.association().privateIp()
                                + ", not with node " + target.node() + " (" + target.binding() + ")");
            }
            return missing(observed, tags) ? new Tag(observed.allocationId(), tags) : new Done(target.binding());
        }
        if (missing(observed, tags)) {
            return new Tag(observed.allocationId(), tags);
        }
        return new Associate(observed.allocationId(), target.binding());
    }

    /**
     * Release of a node's address (node deleted, or its agent terminated with release-on-exit):
     * disassociate where our binding tag says we associated it, leave {@link Tags#LAST_NODE}, drop our
     * tags. An association elsewhere is someone else's and is left alone.
     */
    public static CloudStep release(ElasticIp observed, String node) {
        if (observed == null) {
            return new Released("(vanished)");
        }
        if (!observed.tag(Tags.NODE).filter(node::equals).isPresent()) {
            return new Released(observed.allocationId());
        }
        if (observed.associated()
                && observed.recordedBinding()
                        .filter(b -> b.networkInterfaceId()
                                .equals(observed.association().networkInterfaceId()))
                        .isPresent()) {
            return new Disassociate(
                    observed.allocationId(),
                    observed.association().associationId(),
                    observed.recordedBinding().get());
        }
        if (!observed.tag(Tags.LAST_NODE).filter(node::equals).isPresent()) {
            return new Tag(observed.allocationId(), Map.of(Tags.LAST_NODE, node));
        }
        return new Untag(observed.allocationId(), present(observed));
    }

    static boolean missing(ElasticIp observed, Map<String, String> tags) {
        return tags.entrySet().stream()
                .anyMatch(e -> !e.getValue().equals(observed.tags().get(e.getKey())));
    }

    static List<String> present(ElasticIp observed) {
        return Tags.OURS.stream().filter(observed.tags()::containsKey).toList();
    }
}
