package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.agent.cloud.PodCloud;
import io.stickyip.agent.cri.PodSandboxes;
import io.stickyip.agent.fence.Fence;
import io.stickyip.agent.netns.DelOutcome;
import io.stickyip.agent.pods.StepClock.Step;
import io.stickyip.agent.work.Outcome;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.kube.EventRecorder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way back: DEL (read back), then the claim released, each a step of a {@link StepClock} (DEL timed, both
 * failures mapped by it); and the pods that cannot be plumbed, told why.
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

    /** DEL's answer: the addresses the pod held here, nothing of it left; or what DEL could not remove (not timed). */
    sealed interface Deleted {
        record Gone(List<String> addresses) implements Deleted {}

        record Failed(List<String> problems) implements Deleted, StepClock.Skipped {}
    }

    Outcome release(String uid, Optional<Pod> pod, String why) {
        Optional<LiveSet.Entry> entry = live.liveOrFenced(uid);
        List<String> addresses;
        try {
            switch (clock().run(Step.DEL, () -> del(uid, pod, entry))) {
                case Deleted.Gone g -> addresses = g.addresses();
                case Deleted.Failed f -> {
                    reporting.metrics().failure(Step.DEL.tag);
                    return new Outcome.Failed(Step.DEL.tag, String.join("; ", f.problems()));
                }
            }
        } catch (StepClock.StepFailed f) {
            return failed(f);
        }
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
            clock().run(Step.RELEASE, () -> {
                fence.withdraw(release);
                return release;
            });
        } catch (StepClock.StepFailed f) {
            return failed(f);
        }
        return Outcome.done();
    }

    /** DEL of what this process plumbed; else, the first time, what an earlier process left. */
    private Deleted del(String uid, Optional<Pod> pod, Optional<LiveSet.Entry> entry) {
        if (entry.isPresent()) {
            if (node.dataPlane().del(entry.get().request()) instanceof DelOutcome.Failed f) {
                return new Deleted.Failed(f.problems());
            }
            live.remove(uid);
            return new Deleted.Gone(entry.get().addresses());
        }
        if (live.firstCleanup(uid)) {
            cleanLeftovers(uid);
        }
        return new Deleted.Gone(
                pod.flatMap(ManagedPod::read).map(ManagedPod::addresses).orElse(List.of()));
    }

    /** A step of the way back failed: counted by step; the queue retries with backoff. */
    private Outcome failed(StepClock.StepFailed f) {
        reporting.metrics().failure(f.step().tag);
        return new Outcome.Failed(f.step().tag, f.getMessage());
    }

    private StepClock clock() {
        return new StepClock(reporting.metrics(), reporting.clock());
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
