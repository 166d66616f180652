package io.stickyip.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.agent.netns.Namespaces;
import io.stickyip.agent.netns.NetnsShell;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.node.NodeAddressContract;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.provider.AddressProvider;
import io.stickyip.core.provider.Providers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Static node pools, the agent's half ({@link NodeAddressContract}): the address the node-address controller
 * wrote onto this Node ({@code stickyip.io/node-address}, its pool in {@code stickyip.io/node-pool}, a
 * {@code scope: Node} pool that is not a cloud's) is put on the node's LAN interface as a /32 with the label
 * {@code IF:sip} (how the agent knows its own addresses: a restart or a sweep never touches anyone else's),
 * announced with one gratuitous ARP, and reported with the Node condition {@code StickyipNodeAddressLive}
 * (True, message: the address); the controller then removes the pool's taint. An address of ours the Node
 * no longer names is removed. IPv4 only (iproute2 labels are IPv4's).
 */
public final class NodeAddressPlumbing {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAddressPlumbing.class);
    static final String LABEL_SUFFIX = ":sip";

    private final KubernetesClient kube;
    private final Supplier<Optional<Node>> self;
    private final String node;
    private final String lan;
    private final Supplier<PoolCatalog> pools;
    private final Namespaces namespaces;
    private final Clock clock;
    private Optional<Optional<String>> reported = Optional.empty(); // empty: nothing reported by this process yet

    private volatile boolean stopped;

    /**
     * @param self this Node as the agent's informer has it (no API read per pass)
     * @param kube for the status patch of the condition
     */
    public NodeAddressPlumbing(
            KubernetesClient kube,
            Supplier<Optional<Node>> self,
            String node,
            String lan,
            Supplier<PoolCatalog> pools,
            Namespaces namespaces,
            Clock clock) {
        this.kube = kube;
        this.self = self;
        this.node = node;
        this.lan = lan;
        this.pools = pools;
        this.namespaces = namespaces;
        this.clock = clock;
    }

    /** The label that marks our addresses, or empty when the interface name leaves no room (IFNAMSIZ 16). */
    static Optional<String> label(String lan) {
        String l = lan + LABEL_SUFFIX;
        return l.length() <= 15 ? Optional.of(l) : Optional.empty();
    }

    /** Pure: the address this node should carry, if its Node names one of a static node pool. */
    static Optional<String> desired(Map<String, String> annotations, Map<String, String> labels, PoolCatalog catalog) {
        String address = annotations.get(NodeAddressContract.ADDRESS_ANNOTATION);
        String pool = labels.get(NodeAddressContract.POOL_LABEL);
        if (address == null || pool == null) {
            return Optional.empty();
        }
        Optional<CompiledPool> p = catalog.get(pool);
        boolean staticNodePool = p.filter(c -> !c.isPodScoped())
                .filter(c -> Providers.of(c.spec()).binding(IPPoolSpec.Scope.Node) == AddressProvider.Binding.ROUTED)
                .isPresent();
        return Addresses.parse(address)
                .filter(a -> staticNodePool && a.isIPv4() && p.get().space().contains(a))
                .map(a -> a.toCanonicalString());
    }

    /** Pure: the addresses with our label in {@code ip -j -4 addr show dev IF}. */
    static List<String> ours(String ipJson, String label) {
        List<String> out = new ArrayList<>();
        JsonNode links = Serialization.jsonMapper().readTree(ipJson.isBlank() ? "[]" : ipJson);
        for (JsonNode link : links) {
            for (JsonNode a : link.path("addr_info")) {
                if (label.equals(a.path("label").asString(""))
                        && "inet".equals(a.path("family").asString(""))) {
                    out.add(a.path("local").asString());
                }
            }
        }
        return out;
    }

    /** One pass: read the Node, make the interface match, report. Failures wait for the next pass. */
    public void reconcile() {
        Optional<String> label = label(lan);
        if (label.isEmpty()) {
            LOG.warn(
                    "static node addresses off: interface name {} is too long for a label {}{} (15 characters at most)",
                    lan,
                    lan,
                    LABEL_SUFFIX);
            return;
        }
        Node n = self.get().orElse(null);
        if (n == null || stopped) {
            return;
        }
        Map<String, String> annotations = n.getMetadata().getAnnotations() == null
                ? Map.of()
                : n.getMetadata().getAnnotations();
        Map<String, String> labels =
                n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
        Optional<String> want = desired(annotations, labels, pools.get());
        namespaces.in(Netns.host(), sh -> {
            apply(sh, label.get(), want);
            return null;
        });
    }

    /** At a stop for good: our addresses off the node (the controller releases the reservation); no pass after it. */
    public void removeAll() {
        stopped = true;
        label(lan)
                .ifPresent(l -> namespaces.in(Netns.host(), sh -> {
                    apply(sh, l, Optional.empty());
                    return null;
                }));
    }

    private void apply(NetnsShell sh, String label, Optional<String> want) {
        List<String> have = ours(sh.execOrThrow("ip", "-j", "-4", "addr", "show", "dev", lan), label);
        for (String a : have) {
            if (want.filter(a::equals).isEmpty()) {
                sh.execOrThrow("ip", "addr", "del", a + "/32", "dev", lan, "label", label);
                LOG.info("static node address removed node={} address={} dev={}", node, a, lan);
            }
        }
        if (want.isPresent() && !have.contains(want.get())) {
            sh.execOrThrow("ip", "addr", "replace", want.get() + "/32", "dev", lan, "label", label);
            var r = sh.exec("arping", "-q", "-U", "-c", "1", "-w", "0", "-i", lan, "-S", want.get(), want.get());
            LOG.info(
                    "static node address added node={} address={} dev={} announced={}",
                    node,
                    want.get(),
                    lan,
                    r.ok() || r.exit() == 1);
        }
        if (!reported.equals(Optional.of(want))) {
            report(want);
        }
    }

    private void report(Optional<String> live) {
        if (NodeConditions.write(
                kube,
                node,
                NodeAddressContract.LIVE_CONDITION,
                live.isPresent(),
                live.isPresent() ? "AddressOnNode" : "NoAddress",
                live.orElse(""),
                clock.instant().toString())) {
            reported = Optional.of(live);
        }
    }
}
