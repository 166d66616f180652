package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.grpc.StatusRuntimeException;
import io.stickyip.agent.cloud.PodCloud;
import io.stickyip.agent.cri.PodSandboxes;
import io.stickyip.agent.fence.Fence;
import io.stickyip.agent.netns.CommandFailedException;
import io.stickyip.agent.netns.DelOutcome;
import io.stickyip.agent.work.Outcome;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.kube.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way back: DEL (read back), then the claim released; and the pods that cannot be plumbed, told why.
 * A pod this process did not plumb (it restarted) has its leftovers removed by name from its sandboxes
 * ({@code PodLeftovers}) and the node's orphaned proxies swept, before anything is released.
 */
final class PodRelease {
    private static final Logger LOG = LoggerFactory.getLogger(PodRelease.class);

    private final LocalPods pods;
    private final Supplier<PoolCatalog> pools;
    private final NodePlumbing node;
    private final Fence fence;
    private final LiveSet live;
    private final PodReconciler.Reporting reporting;

    PodRelease(
            LocalPods pods,
            Supplier<PoolCatalog> pools,
            NodePlumbing node,
            Fence fence,
            LiveSet live,
            PodReconciler.Reporting reporting) {
        this.pods = pods;
        this.pools = pools;
        this.node = node;
        this.fence = fence;
        this.live = live;
        this.reporting = reporting;
    }

    Outcome release(String uid, Optional<Pod> pod, String why) {
        Optional<LiveSet.Entry> entry = live.liveOrFenced(uid);
        List<String> addresses;
        Instant start = reporting.clock().instant();
        try {
            if (entry.isPresent()) {
                DelOutcome del = node.dataPlane().del(entry.get().request());
                if (del instanceof DelOutcome.Failed f) {
                    reporting.metrics().failure("del");
                    return new Outcome.Failed("del", String.join("; ", f.problems()));
                }
                live.remove(uid);
                addresses = entry.get().addresses();
            } else if (live.firstCleanup(uid)) {
                cleanLeftovers(uid);
                addresses =
                        pod.flatMap(ManagedPod::read).map(ManagedPod::addresses).orElse(List.of());
            } else {
                addresses =
                        pod.flatMap(ManagedPod::read).map(ManagedPod::addresses).orElse(List.of());
            }
        } catch (CommandFailedException | StatusRuntimeException e) {
            reporting.metrics().failure("del");
            return new Outcome.Failed("del", e.getMessage());
        }
        reporting
                .metrics()
                .step("del", Duration.between(start, reporting.clock().instant()));
        Outcome released = releaseClaims(uid, addresses);
        if (released instanceof Outcome.Done) {
            if (entry.isPresent()) {
                LOG.info(
                        "address released pod={} addresses={} because {}",
                        entry.get().pod(),
                        addresses,
                        why);
                pod.ifPresent(p -> reporting
                        .reporter()
                        .event(
                                p,
                                EventRecorder.Type.Normal,
                                "AddressReleased",
                                "fixed address " + String.join(",", addresses) + " removed from node " + node.node()
                                        + ": " + why));
            }
            if (pod.isEmpty()) {
                reporting.reporter().forget(uid);
                live.forget(uid);
            }
        }
        return released;
    }

    /** The pod asks for what this agent cannot do: nothing live, no claim, the condition says why. */
    Outcome invalid(String uid, Pod pod, PodIntent.Invalid i) {
        Outcome released = release(uid, Optional.of(pod), i.message());
        if (!(released instanceof Outcome.Done)) {
            return released;
        }
        return tellCannot(pod, i.reason(), i.message());
    }

    /** ADD could not be done (kernel feature, unplannable request): nothing was left, the claim goes. */
    Outcome cannot(Pod pod, PodIntent.Plumb p, String reason, String message) {
        Outcome released = releaseClaims(pod.getMetadata().getUid(), p.addresses());
        return released instanceof Outcome.Done ? tellCannot(pod, reason, message) : released;
    }

    private Outcome tellCannot(Pod pod, String reason, String message) {
        reporting.reporter().event(pod, EventRecorder.Type.Warning, reason, message);
        try {
            reporting.reporter().condition(pod, false, reason, message);
        } catch (KubernetesClientException e) {
            reporting.metrics().failure("condition");
            return new Outcome.Failed("condition", e.getMessage());
        }
        return Outcome.done();
    }

    /** Removes from this node's Lease the addresses no other pod here wants. */
    private Outcome releaseClaims(String uid, List<String> addresses) {
        Set<String> keep = new HashSet<>();
        for (Pod other : pods.all()) {
            if (!other.getMetadata().getUid().equals(uid)
                    && node.intent(other, pools.get()) instanceof PodIntent.Plumb p) {
                keep.addAll(p.addresses());
            }
        }
        live.all().forEach((u, e) -> {
            if (!u.equals(uid)) {
                keep.addAll(e.addresses());
            }
        });
        List<String> release = new ArrayList<>(addresses);
        release.removeAll(keep);
        if (release.isEmpty()) {
            return Outcome.done();
        }
        if (node.cloud().isPresent()) {
            try {
                node.cloud()
                        .get()
                        .release(release, pools.get()); // while still claimed: no other node binds them meanwhile
            } catch (PodCloud.CloudUnavailable e) {
                reporting.metrics().failure("cloud");
                return new Outcome.Failed("cloud", e.getMessage());
            }
        }
        try {
            fence.withdraw(release);
        } catch (KubernetesClientException e) {
            reporting.metrics().failure("release");
            return new Outcome.Failed("release", e.getMessage());
        }
        return Outcome.done();
    }

    /** Whatever an earlier agent process left in the pod's sandboxes, and orphaned proxies on the node. */
    private void cleanLeftovers(String uid) {
        boolean any = false;
        for (PodSandboxes.Sandbox s : node.sandboxes().list()) {
            if (s.podUid().equals(uid)) {
                Optional<Netns> ns = node.sandboxes().netns(s.id());
                if (ns.isPresent()) {
                    List<String> removed = node.cleanup().leftovers().clean(ns.get());
                    any |= !removed.isEmpty();
                    if (!removed.isEmpty()) {
                        LOG.info("leftovers removed pod_uid={} sandbox={} removed={}", uid, s.id(), removed);
                    }
                }
            }
        }
        List<String> proxies = node.cleanup().proxies().sweep(Netns.host(), node.lanInterface());
        if (any || !proxies.isEmpty()) {
            LOG.info("node swept pod_uid={} proxies_removed={}", uid, proxies);
        }
    }
}
