package io.stickyip.agent.standin;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.agent.cloud.CloudAddress;
import io.stickyip.agent.cloud.InstanceIds;
import io.stickyip.agent.cloud.PodCloud;
import io.stickyip.agent.pods.LocalPods;
import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.AwsPoolSettings;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.kube.Cache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in's cloud side for pod-level aws pools. One process serves every KWOK node, so its fence is its own
 * view of the pods: an address may be taken from another node once no other pod that is not terminating wants it
 * (the old pod is terminating or gone: its node gave it up). Work on one address is serialized (a lock per public
 * IP), so a bind and a release of the same EIP never interleave. Nothing is kept across steps: what to release is
 * found again by the sweep, from the EIPs' tags and the pods, so a stand-in killed anywhere converges on restart.
 */
final class StandInCloud {
    private static final Logger LOG = LoggerFactory.getLogger(StandInCloud.class);

    private final PodCloud cloud;
    private final LocalPods pods;
    private final Cache<Node> nodes;
    private final Supplier<PoolCatalog> pools;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    StandInCloud(PodCloud cloud, LocalPods pods, Cache<Node> nodes, Supplier<PoolCatalog> pools) {
        this.cloud = cloud;
        this.pods = pods;
        this.nodes = nodes;
        this.pools = pools;
    }

    PodCloud cloud() {
        return cloud;
    }

    /** Binds each address on the instance: every {@code Done}, or the first answer that is not. */
    List<CloudStep> bind(Pod pod, List<CloudAddress> addresses, String instanceId) {
        List<CloudStep> out = new ArrayList<>();
        for (CloudAddress a : addresses) {
            CloudStep step;
            synchronized (lock(a.publicIp())) {
                boolean fenced = !wantedByAnother(pod.getMetadata().getUid(), a.publicIp());
                step = cloud.bind(a, instanceId, fenced);
            }
            out.add(step);
            if (!(step instanceof CloudStep.Done)) {
                break;
            }
        }
        return out;
    }

    /** Releases the EIPs of aws pod pools bound on a served node that no pod wants any more; returns how many. */
    int sweep() {
        Map<String, String> instanceByEni = new HashMap<>();
        for (Node n : nodes.list()) {
            InstanceIds.of(n).ifPresent(i -> instanceByEni.put(cloud.primaryEni(i), i));
        }
        int released = 0;
        for (CompiledPool pool : pools.get().all()) {
            if (!CloudAddress.isCloudPool(pool)) {
                continue;
            }
            AddressFilter filter = filter(pool);
            if (filter == null) {
                continue;
            }
            for (PodCloud.Held h : cloud.held(pool.name(), filter)) {
                String instance = h.eni().map(instanceByEni::get).orElse(null);
                if (instance == null || wanted().contains(h.publicIp())) {
                    continue;
                }
                synchronized (lock(h.publicIp())) {
                    if (!wanted().contains(h.publicIp())) {
                        CloudStep step =
                                cloud.release(new CloudAddress(pool.name(), filter, h.publicIp(), h.owner()), instance);
                        LOG.info(
                                "pod address released eip={} pool={} owner={} instance={} step={}",
                                h.publicIp(),
                                pool.name(),
                                h.owner(),
                                instance,
                                step);
                        released++;
                    }
                }
            }
        }
        return released;
    }

    /** Whether a pod other than {@code uid} that is not terminating or finished wants the address. */
    private boolean wantedByAnother(String uid, String address) {
        return pods.all().stream()
                .filter(p -> !p.getMetadata().getUid().equals(uid))
                .anyMatch(p -> wants(p).contains(address));
    }

    private Set<String> wanted() {
        Set<String> out = new HashSet<>();
        pods.all().forEach(p -> out.addAll(wants(p)));
        return out;
    }

    private static List<String> wants(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return List.of();
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return List.of();
        }
        return ManagedPod.read(p).map(ManagedPod::addresses).orElse(List.of());
    }

    private static AddressFilter filter(CompiledPool pool) {
        try {
            return AwsPoolSettings.of(pool.spec().getProvider()).filter();
        } catch (ContractViolation e) {
            LOG.warn("pool {} skipped by the sweep: {}", pool.name(), e.getMessage());
            return null;
        }
    }

    private Object lock(String address) {
        return locks.computeIfAbsent(address, k -> new Object());
    }

    Optional<String> instanceOf(String node) {
        return nodes.get("", node).flatMap(InstanceIds::of);
    }
}
