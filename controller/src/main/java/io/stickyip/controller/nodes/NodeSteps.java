package io.stickyip.controller.nodes;

import io.stickyip.aws.NodeAddresses;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.NodeAssociation;
import io.stickyip.core.cloud.aws.Tags;
import io.stickyip.runtime.kube.EventRecorder;
import io.stickyip.store.nodes.NodeAddressReservation;
import io.stickyip.store.nodes.NodeAddressStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one {@link NodePoolPass.Decision} (blocking: EC2, etcd and API calls). Orders: a release
 * disassociates (and untags) first and frees the reservation only once the cloud shows it released;
 * an assignment is reserved first, then associated and read back, and only then written onto the
 * Node. Every step is idempotent and every failure leaves a state the next pass finishes; one node's
 * failure does not stop the others.
 */
public final class NodeSteps {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSteps.class);

    private final String cluster;
    private final NodeAddresses cloud;
    private final NodeAddressStore store;
    private final NodeWriter nodes;
    private final long timeoutMillis;
    private final Set<String> warnedWaiting = ConcurrentHashMap.newKeySet();

    public NodeSteps(
            String cluster, NodeAddresses cloud, NodeAddressStore store, NodeWriter nodes, long timeoutMillis) {
        this.cluster = cluster;
        this.cloud = cloud;
        this.store = store;
        this.nodes = nodes;
        this.timeoutMillis = timeoutMillis;
    }

    /** The pool's Elastic IPs (DescribeAddresses with its filter). */
    public List<ElasticIp> pool(NodePoolPass.AwsPool pool) {
        return cloud.pool(pool.filter());
    }

    public void apply(NodePoolPass.Pool pool, NodePoolPass.Decision<ElasticIp> d) {
        d.releases().forEach(this::release);
        for (NodePoolPass.Work<ElasticIp> w : d.work()) {
            warnedWaiting.remove(pool.name() + "/" + w.node().name());
            if (!w.upToDate()) {
                guarded("assign " + w.address() + " to node " + w.node().name(), () -> assign(pool, w));
            }
        }
        for (String node : d.waiting()) {
            if (warnedWaiting.add(pool.name() + "/" + node)) {
                guarded(
                        "warn node " + node,
                        () -> nodes.event(
                                node,
                                EventRecorder.Type.Warning,
                                "NoFreeAddress",
                                "node pool " + pool.name() + " has no free Elastic IP for node " + node + " ("
                                        + d.waiting().size() + " node(s) wait); it gets one as soon as one is free"));
                LOG.warn(
                        "node waits pool={} node={} waiting={}",
                        pool.name(),
                        node,
                        d.waiting().size());
            }
        }
    }

    private void release(NodeAddressReservation.Stored s) {
        NodeAddressReservation r = s.reservation();
        guarded("release " + r.publicIp() + " of node " + r.node(), () -> {
            CloudStep step = cloud.release(r.allocationId(), r.node());
            if (step instanceof CloudStep.Released) {
                boolean freed = await(store.releaseNodeAddress(s));
                nodes.unpublish(r.node(), r.pool(), r.publicIp()); // release-on-exit: the Node is still there
                nodes.event(
                        r.node(),
                        EventRecorder.Type.Normal,
                        "NodeAddressReleased",
                        "Elastic IP " + r.publicIp() + " of node pool " + r.pool()
                                + " went back to the pool: the node's agent was terminated for good");
                LOG.info(
                        "node address released pool={} node={} address={} allocation={} freed={}",
                        r.pool(),
                        r.node(),
                        r.publicIp(),
                        r.allocationId(),
                        freed);
            }
        });
    }

    private void assign(NodePoolPass.Pool pool, NodePoolPass.Work<ElasticIp> w) throws Exception {
        String node = w.node().name();
        ElasticIp eip = w.address();
        NodeAddressReservation wanted =
                new NodeAddressReservation(pool.name(), node, eip.allocationId(), eip.publicIp());
        // read-only (DescribeInstances), before the reservation: an instance EC2 does not know holds no address
        NodeAssociation.Target target =
                cloud.target(cluster, pool.name(), node, w.node().instanceId().orElseThrow());
        Optional<NodeAddressReservation.Stored> stored = Optional.empty();
        if (w.reserve()) {
            stored = await(store.reserveNodeAddress(wanted));
            if (stored.isEmpty()) {
                LOG.info(
                        "node address taken meanwhile pool={} node={} address={}; next pass decides again",
                        pool.name(),
                        node,
                        eip);
                return;
            }
        }
        CloudStep step = cloud.associate(eip.allocationId(), target);
        switch (step) {
            case CloudStep.Done done -> {
                nodes.publish(node, pool.name(), eip.publicIp(), pool.taintKey());
                LOG.info(
                        "node address live pool={} node={} address={} binding={}",
                        pool.name(),
                        node,
                        eip,
                        done.binding());
                if (w.reserve()
                        || w.node()
                                .annotatedAddress()
                                .filter(eip.publicIp()::equals)
                                .isEmpty()) {
                    nodes.event(
                            node,
                            EventRecorder.Type.Normal,
                            "NodeAddressLive",
                            "Elastic IP " + eip + " of node pool " + pool.name() + " is associated with node " + node);
                }
            }
            case CloudStep.Refused refused -> refused(wanted, stored, eip, refused);
            default -> throw new IllegalStateException("associate ended with " + step);
        }
    }

    /**
     * Our own association elsewhere (the node's instance was replaced under its name) is released in the
     * cloud, keeping the reservation: the next pass associates it again. Anyone else's: the reservation is
     * freed (the node gets another address next pass) and a Warning Event says why.
     */
    private void refused(
            NodeAddressReservation wanted,
            Optional<NodeAddressReservation.Stored> fresh,
            ElasticIp eip,
            CloudStep.Refused refused)
            throws Exception {
        if (eip.tag(Tags.NODE).filter(wanted.node()::equals).isPresent()
                && NodePoolPass.live(cluster, wanted.pool(), eip, wanted.node())) {
            cloud.release(eip.allocationId(), wanted.node());
            return;
        }
        Optional<NodeAddressReservation.Stored> stored = fresh.isPresent()
                ? fresh
                : await(store.nodeAddresses()).stream()
                        .filter(s -> s.reservation().equals(wanted))
                        .findFirst();
        if (stored.isPresent()) {
            await(store.releaseNodeAddress(stored.get()));
        }
        LOG.warn(
                "node address refused pool={} node={} address={} reason={} detail=\"{}\"",
                wanted.pool(),
                wanted.node(),
                eip,
                refused.reason(),
                refused.detail());
        nodes.event(
                wanted.node(),
                EventRecorder.Type.Warning,
                "NodeAddressRefused",
                "Elastic IP " + eip + " of node pool " + wanted.pool() + " was not associated: " + refused.reason()
                        + ", " + refused.detail() + "; another address is chosen");
    }

    private <T> T await(CompletionStage<T> stage) throws Exception {
        return PassSteps.await(stage, timeoutMillis);
    }

    private static void guarded(String what, PassSteps.Step step) {
        PassSteps.guarded(LOG, what, step);
    }
}
