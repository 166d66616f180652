package io.stickyip.controller.nodes;

import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.provider.RoutedAddress;
import io.stickyip.runtime.kube.EventRecorder;
import io.stickyip.store.nodes.NodeAddressReservation;
import io.stickyip.store.nodes.NodeAddressStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node pools of {@code provider: static} (addresses routed to the nodes: bare metal, a routed additional
 * IP): no cloud. The controller reserves a pool address for each selected node in etcd (the same
 * node-address keys as Elastic IPs, {@link RoutedAddress#id()} {@code static-<address>} as its ID), writes it onto the Node; the node's agent puts it
 * on the node and reports {@code StickyipNodeAddressLive}; only then is the pool's taint removed. Released
 * (reservation freed, annotation and label removed) when the Node is deleted or its agent exits for good.
 */
public final class StaticNodeSteps {
    private static final Logger LOG = LoggerFactory.getLogger(StaticNodeSteps.class);
    /** How many of a pool's addresses a pass considers beyond those held: enough for every node at once. */
    static final int CANDIDATES_CAP = 4096;

    private final NodeAddressStore store;
    private final NodeWriter nodes;
    private final long timeoutMillis;

    public StaticNodeSteps(NodeAddressStore store, NodeWriter nodes, long timeoutMillis) {
        this.store = store;
        this.nodes = nodes;
        this.timeoutMillis = timeoutMillis;
    }

    /** The pool's addresses as the pass's candidates (in address order, at most {@code CANDIDATES_CAP + nodes}). */
    static List<RoutedAddress> candidates(CompiledPool pool, int nodes) {
        long n = Math.min(pool.space().size(), (long) CANDIDATES_CAP + nodes);
        List<RoutedAddress> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(new RoutedAddress(pool.space().at(i).toCanonicalString()));
        }
        return out;
    }

    public void apply(NodePoolPass.Pool pool, NodePoolPass.Decision<RoutedAddress> d) {
        for (NodeAddressReservation.Stored s : d.releases()) {
            guarded("release " + s.reservation().publicIp(), () -> {
                boolean freed = await(store.releaseNodeAddress(s));
                nodes.unpublish(
                        s.reservation().node(),
                        s.reservation().pool(),
                        s.reservation().publicIp());
                LOG.info(
                        "static node address released pool={} node={} address={} freed={}",
                        s.reservation().pool(),
                        s.reservation().node(),
                        s.reservation().publicIp(),
                        freed);
            });
        }
        for (NodePoolPass.Work<RoutedAddress> w : d.work()) {
            guarded("assign " + w.address().address() + " to node " + w.node().name(), () -> assign(pool, w));
        }
    }

    private void assign(NodePoolPass.Pool pool, NodePoolPass.Work<RoutedAddress> w) throws Exception {
        String node = w.node().name();
        String address = w.address().address();
        if (w.reserve()) {
            var stored = await(store.reserveNodeAddress(
                    new NodeAddressReservation(pool.name(), node, w.address().id(), address)));
            if (stored.isEmpty()) {
                LOG.info("static node address taken meanwhile pool={} node={} address={}", pool.name(), node, address);
                return;
            }
        }
        if (!w.node().shows(address, pool.name(), java.util.Optional.empty())) {
            nodes.announce(node, pool.name(), address); // the agent puts it on the node
            LOG.info("static node address announced pool={} node={} address={}", pool.name(), node, address);
        }
        boolean live = w.node().liveStaticAddress().filter(address::equals).isPresent();
        if (live
                && pool.taintKey().filter(w.node().noScheduleTaints()::contains).isPresent()) {
            nodes.publish(node, pool.name(), address, pool.taintKey());
            nodes.event(
                    node,
                    EventRecorder.Type.Normal,
                    "NodeAddressLive",
                    "address " + address + " of node pool " + pool.name() + " is on node " + node);
            LOG.info("static node address live, taint removed pool={} node={} address={}", pool.name(), node, address);
        }
    }

    private <T> T await(CompletionStage<T> stage) throws Exception {
        return PassSteps.await(stage, timeoutMillis);
    }

    private static void guarded(String what, PassSteps.Step step) {
        PassSteps.guarded(LOG, what, step);
    }
}
