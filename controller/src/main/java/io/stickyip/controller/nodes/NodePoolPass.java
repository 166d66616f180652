package io.stickyip.controller.nodes;

import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.AddressOrder;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.Tags;
import io.stickyip.core.node.NodeAddressPlan;
import io.stickyip.core.node.NodeAddressPlanner;
import io.stickyip.core.provider.NodeCandidate;
import io.stickyip.core.provider.RoutedAddress;
import io.stickyip.store.nodes.NodeAddressReservation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One pass of the node-address controller over one node pool, pure: which node's address to
 * reserve, to make live, to release, and who waits. Built on core's {@link NodeAddressPlanner}
 * over the provider's {@link NodeCandidate}s (an aws pool's Elastic IPs in its filter and order, a
 * static pool's {@link RoutedAddress}es by ID: the same nodes get the same preferred addresses), plus,
 * for aws, what the cloud says after a crash:
 * <ul>
 *   <li>a node is eligible if the pool's selector picks it, it names an EC2 instance (aws), and it is not
 *       served by another pool (a node has at most one node address: the one it holds, else the first
 *       pool by name that selects it);</li>
 *   <li>a node whose agent said it was terminated for good (release-on-exit, pools with
 *       {@code releaseOnExit}, the default) is treated as gone: its address is released and it gets none;</li>
 *   <li>an EIP the cloud shows associated by us for this pool and node (our tags, associated where our
 *       binding tag says) but that no reservation holds is <b>adopted</b>: reserved again for that node
 *       (the store lost the write, or it was restored from a backup), never handed to another node;</li>
 *   <li>a kept address whose association, tags and Node annotation, label and taint all show it live is
 *       left alone (no EC2 call): a restarted controller makes no mutating call.</li>
 * </ul>
 */
public final class NodePoolPass {

    /**
     * The pool as the pass needs it, whatever its provider.
     *
     * @param needsInstance its nodes must name an EC2 instance (aws: the association's target)
     */
    public record Pool(
            String name,
            Map<String, String> selector,
            Optional<String> taintKey,
            boolean releaseOnExit,
            boolean needsInstance) {}

    /** An aws node pool: the pool, and the filter and order of its Elastic IPs. */
    public record AwsPool(Pool pool, AddressFilter filter, AddressOrder order) {
        public AwsPool(
                String name,
                Map<String, String> selector,
                AddressFilter filter,
                AddressOrder order,
                Optional<String> taintKey) {
            this(name, selector, filter, order, taintKey, true);
        }

        public AwsPool(
                String name,
                Map<String, String> selector,
                AddressFilter filter,
                AddressOrder order,
                Optional<String> taintKey,
                boolean releaseOnExit) {
            this(new Pool(name, selector, taintKey, releaseOnExit, true), filter, order);
        }

        public String name() {
            return pool.name();
        }
    }

    /** One node's address: reserve it first ({@code reserve}), then make it live unless {@code upToDate}. */
    public record Work<C extends NodeCandidate>(NodeFacts node, C address, boolean reserve, boolean upToDate) {}

    /** The decision: {@code served} are the nodes this pool holds or gives an address to. */
    public record Decision<C extends NodeCandidate>(
            List<Work<C>> work,
            List<NodeAddressReservation.Stored> releases,
            List<String> waiting,
            Set<String> served,
            int free) {}

    /** What a provider's cloud shows beyond the store: aws associations and tags; routed addresses show nothing. */
    private interface Evidence<C extends NodeCandidate> {
        /** Re-reserves (in {@code reserved}, {@code nodeHeld}) what the cloud shows live but no reservation holds; their IDs. */
        Set<String> adopt(Set<String> eligible, Map<String, String> reserved, Map<String, String> nodeHeld);

        /** The cloud shows the candidate live for the node (so a kept address needs no call). */
        boolean live(C candidate, String node);
    }

    private NodePoolPass() {}

    /**
     * An aws node pool.
     *
     * @param eips          the pool's EIPs (DescribeAddresses with its filter)
     * @param nodes         every Node that exists, by name
     * @param stored        every node address reservation of every pool
     * @param servedBefore  nodes served by pools earlier in this pass or holding an address of another pool
     */
    public static Decision<ElasticIp> decide(
            String cluster,
            AwsPool pool,
            List<ElasticIp> eips,
            Map<String, NodeFacts> nodes,
            Collection<NodeAddressReservation.Stored> stored,
            Set<String> servedBefore) {
        Evidence<ElasticIp> cloud = new Evidence<>() {
            @Override
            public Set<String> adopt(Set<String> eligible, Map<String, String> reserved, Map<String, String> nodeHeld) {
                return NodePoolPass.adopt(cluster, pool, eips, eligible, reserved, nodeHeld);
            }

            @Override
            public boolean live(ElasticIp eip, String node) {
                return NodePoolPass.live(cluster, pool.name(), eip, node);
            }
        };
        return decide(pool.pool(), eips, pool.order(), nodes, stored, servedBefore, cloud);
    }

    /**
     * A static node pool: its own addresses, routed to the nodes, in the order of their IDs; no cloud, so
     * nothing to adopt and nothing live before the node shows it.
     */
    public static Decision<RoutedAddress> decideRouted(
            Pool pool,
            List<RoutedAddress> candidates,
            Map<String, NodeFacts> nodes,
            Collection<NodeAddressReservation.Stored> stored,
            Set<String> servedBefore) {
        Evidence<RoutedAddress> none = new Evidence<>() {
            @Override
            public Set<String> adopt(Set<String> eligible, Map<String, String> reserved, Map<String, String> nodeHeld) {
                return Set.of();
            }

            @Override
            public boolean live(RoutedAddress candidate, String node) {
                return false;
            }
        };
        return decide(pool, candidates, NodeCandidate.BY_ID, nodes, stored, servedBefore, none);
    }

    private static <C extends NodeCandidate> Decision<C> decide(
            Pool pool,
            List<C> candidates,
            Comparator<? super C> order,
            Map<String, NodeFacts> nodes,
            Collection<NodeAddressReservation.Stored> stored,
            Set<String> servedBefore,
            Evidence<C> cloud) {
        Map<String, String> reserved = new HashMap<>();
        Map<String, String> nodeHeld = new HashMap<>();
        Map<String, NodeAddressReservation.Stored> ours = new HashMap<>();
        for (NodeAddressReservation.Stored s : stored) {
            reserved.put(s.reservation().allocationId(), s.reservation().node());
            if (s.reservation().pool().equals(pool.name())) {
                nodeHeld.put(s.reservation().node(), s.reservation().allocationId());
                ours.put(s.reservation().node(), s);
            }
        }
        // release-on-exit: a node whose agent was terminated for good counts as gone for this pool
        Set<String> alive = nodes.values().stream()
                .filter(n -> !(pool.releaseOnExit() && n.agentExited()))
                .map(NodeFacts::name)
                .collect(Collectors.toSet());
        Set<String> eligible = nodes.values().stream()
                .filter(n -> alive.contains(n.name())
                        && (!pool.needsInstance() || n.instanceId().isPresent())
                        && n.matches(pool.selector()))
                .map(NodeFacts::name)
                .filter(n -> nodeHeld.containsKey(n) || !servedBefore.contains(n))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> adopted = cloud.adopt(eligible, reserved, nodeHeld);
        NodeAddressPlan<C> plan = NodeAddressPlanner.plan(candidates, order, eligible, alive, reserved, nodeHeld);
        List<Work<C>> work = new ArrayList<>();
        Set<String> served = new HashSet<>(nodeHeld.keySet());
        for (NodeAddressPlan.Assignment<C> a : plan.assignments()) {
            NodeFacts node = nodes.get(a.node());
            boolean reserve = a.isNew() || adopted.contains(a.address().id());
            boolean upToDate = !reserve
                    && cloud.live(a.address(), a.node())
                    && node.shows(a.address().address(), pool.name(), pool.taintKey());
            work.add(new Work<>(node, a.address(), reserve, upToDate));
            served.add(a.node());
        }
        served.addAll(plan.waiting());
        List<NodeAddressReservation.Stored> releases =
                plan.releases().stream().map(r -> ours.get(r.node())).toList();
        return new Decision<>(work, releases, plan.waiting(), served, plan.free());
    }

    /** EIPs associated by us for this pool and an eligible node that holds nothing, yet reserved by no one. */
    private static Set<String> adopt(
            String cluster,
            AwsPool pool,
            List<ElasticIp> eips,
            Set<String> eligible,
            Map<String, String> reserved,
            Map<String, String> nodeHeld) {
        Set<String> adopted = new HashSet<>();
        for (ElasticIp eip : pool.order().sort(eips)) {
            Optional<String> node = eip.tag(Tags.NODE);
            if (node.isEmpty()
                    || reserved.containsKey(eip.allocationId())
                    || nodeHeld.containsKey(node.get())
                    || !eligible.contains(node.get())
                    || !live(cluster, pool.name(), eip, node.get())) {
                continue;
            }
            reserved.put(eip.allocationId(), node.get());
            nodeHeld.put(node.get(), eip.allocationId());
            adopted.add(eip.allocationId());
        }
        return adopted;
    }

    /** Associated by this cluster for this pool and node, where our binding tag says. */
    static boolean live(String cluster, String pool, ElasticIp eip, String node) {
        return eip.associated()
                && eip.tag(Tags.CLUSTER).filter(cluster::equals).isPresent()
                && eip.tag(Tags.POOL).filter(pool::equals).isPresent()
                && eip.tag(Tags.NODE).filter(node::equals).isPresent()
                && eip.recordedBinding()
                        .filter(b ->
                                b.networkInterfaceId().equals(eip.association().networkInterfaceId()))
                        .isPresent();
    }
}
