package io.stickyip.aws;

import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.Reconciliation;
import io.stickyip.core.cloud.aws.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation pass against EC2 (the leader-elected controller calls it periodically with the
 * store's reservations): reads the cluster's tagged EIPs and the reserved ones, lets
 * {@link Reconciliation} judge, and releases what is leaked past the grace period. Flagged findings
 * are returned for the caller's Events and pool condition.
 */
public final class CloudReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(CloudReconciler.class);

    private final Ec2Gateway ec2;
    private final NodeAddresses nodes;
    private final PodAddresses pods;

    public CloudReconciler(Ec2Gateway ec2, NodeAddresses nodes, PodAddresses pods) {
        this.ec2 = ec2;
        this.nodes = nodes;
        this.pods = pods;
    }

    public Reconciliation.Plan judge(
            String cluster,
            List<Reconciliation.Held> held,
            Map<String, Instant> unheldSince,
            Instant now,
            Duration grace) {
        List<ElasticIp> ours = ec2.addresses(
                new AddressFilter(List.of(new AddressFilter.Term("tag:" + Tags.CLUSTER, List.of(cluster)))));
        Set<String> ids = held.stream().map(Reconciliation.Held::allocationId).collect(Collectors.toSet());
        Map<String, ElasticIp> reserved =
                ec2.addresses(ids).stream().collect(Collectors.toMap(ElasticIp::allocationId, Function.identity()));
        return Reconciliation.pass(ours, reserved, held, unheldSince, now, grace);
    }

    /** Releases every {@code Release} finding; returns what each release ended in. */
    public List<CloudStep> releaseLeaked(Reconciliation.Plan plan) {
        List<CloudStep> done = new ArrayList<>();
        for (Reconciliation.Finding.Release leak : plan.of(Reconciliation.Finding.Release.class)) {
            ElasticIp eip = leak.eip();
            LOG.warn(
                    "releasing leaked {} (tagged for this cluster, held by no reservation since {})",
                    eip,
                    leak.unheldSince());
            CloudStep result = eip.tag(Tags.NODE)
                    .map(node -> nodes.release(eip.allocationId(), node))
                    .or(() -> eip.tag(Tags.OWNER).map(owner -> pods.release(eip.allocationId(), owner)))
                    .orElseGet(() -> untag(eip));
            done.add(result);
        }
        return done;
    }

    private CloudStep untag(ElasticIp eip) {
        List<String> keys = Tags.OURS.stream().filter(eip.tags()::containsKey).toList();
        ec2.apply(new CloudStep.Untag(eip.allocationId(), keys));
        return new CloudStep.Released(eip.allocationId());
    }
}
