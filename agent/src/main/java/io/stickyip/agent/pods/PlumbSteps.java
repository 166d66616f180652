package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.agent.cri.PodRef;
import io.stickyip.agent.cri.SandboxLookup;
import io.stickyip.agent.fence.Fence;
import io.stickyip.agent.fence.OwnLease;
import io.stickyip.agent.netns.AddOutcome;
import io.stickyip.agent.work.Outcome;
import io.stickyip.core.fencing.AddressFence;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.plumbing.PlumbingRequest;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.kube.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one pod's plumb, each with a typed answer: fence (claim the addresses, decide), cloud (bind the pod's
 * Elastic IPs here), sandbox (find its network namespace), add (make the addresses live), report (the condition and
 * the Event). {@link PodReconciler} walks them through a {@link StepClock}; none of them times itself or maps a
 * client's failure.
 */
final class PlumbSteps {
    private static final Logger LOG = LoggerFactory.getLogger(PlumbSteps.class);
    static final Duration WAIT_CAP = Duration.ofSeconds(5);
    static final Duration FENCED_RETRY = Duration.ofSeconds(1);

    /** The pod being plumbed, and what its intent asks. */
    record Target(Pod pod, PodRef ref, PodIntent.Plumb intent) {
        String addresses() {
            return String.join(",", intent.addresses());
        }
    }

    /** The fence's answer for the pod. */
    sealed interface Fenced {
        /** Every address may be live here: claimed, and no other node holds it. */
        record Taken() implements Fenced {}

        /** Live here with the same addresses, still claimed, the node's own renewal fresh: no new decision needed. */
        record StillTaken() implements Fenced, StepClock.Skipped {}

        /** Not this node's yet, or the node may hold nothing now: the pod was told why and waits. */
        record Waiting(Outcome.After after) implements Fenced {}

        /** This node's Lease lists as many addresses as it may ({@code AgentLeases.MAX_ATTACHED}). */
        record Full(String message) implements Fenced {}
    }

    /** The cloud side's answer: the plumb to make live, or why not. */
    sealed interface Clouded {
        /** The pod's Elastic IPs bound here now: the plumb with their private addresses. */
        record Bound(PodIntent.Plumb plumb) implements Clouded {}

        /** No cloud call: no aws pod pool, or already live with the same addresses (what was bound then). */
        record Kept(PodIntent.Plumb plumb) implements Clouded, StepClock.Skipped {}

        /** The cloud refuses (an EIP held elsewhere, not found...): the pod is told, and looked at after {@code retry}. */
        record Refused(String reason, String message, Duration retry) implements Clouded {}

        /** EC2 did not answer. */
        record Unavailable(String message) implements Clouded {}
    }

    private final Supplier<PoolCatalog> pools;
    private final NodePlumbing node;
    private final Fence fence;
    private final LiveSet live;
    private final PodReconciler.Reporting reporting;

    PlumbSteps(
            Supplier<PoolCatalog> pools,
            NodePlumbing node,
            Fence fence,
            LiveSet live,
            PodReconciler.Reporting reporting) {
        this.pools = pools;
        this.node = node;
        this.fence = fence;
        this.live = live;
        this.reporting = reporting;
    }

    /** Fence: the claim in this node's Lease, then the decision over every agent Lease. */
    Fenced fence(Target t) {
        List<String> addresses = t.intent().addresses();
        if (live.get(t.ref().uid()).map(e -> e.addresses().equals(addresses)).orElse(false)
                && fence.state().mayHold(now())
                && fence.own().claimed().containsAll(addresses)) {
            return new Fenced.StillTaken();
        }
        AddressFence.Decision decision;
        try {
            decision = fence.admit(addresses);
        } catch (OwnLease.Full e) {
            return new Fenced.Full(e.getMessage());
        }
        return switch (decision) {
            case AddressFence.Decision.Take take -> new Fenced.Taken();
            case AddressFence.Decision.SelfFenced s -> {
                tell(
                        t.pod(),
                        "SelfFenced",
                        "node " + node.node() + " cannot renew its agent Lease: it holds no address until it can");
                yield new Fenced.Waiting(new Outcome.After(FENCED_RETRY, "self-fenced"));
            }
            case AddressFence.Decision.WaitForRelease w -> {
                tell(
                        t.pod(),
                        "WaitingForRelease",
                        "address " + t.addresses() + " is still held by node " + w.holder()
                                + ": taken here once it releases it, or at the latest at " + w.expiresAt()
                                + " (its heartbeat expired plus the margin)");
                yield new Fenced.Waiting(new Outcome.After(
                        capped(Duration.between(now(), w.expiresAt()).plusMillis(50)), "waiting for " + w.holder()));
            }
            case AddressFence.Decision.Yield y -> {
                fence.withdraw(addresses);
                Instant expires = fence.takeableAt(y.holder()).orElse(now().plus(WAIT_CAP));
                tell(
                        t.pod(),
                        "WaitingForRelease",
                        "address " + t.addresses() + " is held by node " + y.holder()
                                + ": taken here once it releases it, or at the latest at " + expires
                                + " (its heartbeat expired plus the margin)");
                yield new Fenced.Waiting(new Outcome.After(
                        capped(Duration.between(now(), expires).plusMillis(50)), "yielded to " + y.holder()));
            }
        };
    }

    /**
     * Cloud: the pod's Elastic IPs bound on this node, once its fence is taken. Already live with the same addresses:
     * what was bound then (no EC2 call on a resync).
     */
    Clouded cloud(Target t) {
        PodIntent.Plumb p = t.intent();
        if (node.cloud().isEmpty() || !CloudPlumbing.involves(p, pools.get())) {
            return new Clouded.Kept(p);
        }
        Optional<LiveSet.Entry> current = live.get(t.ref().uid());
        if (current.isPresent() && current.get().addresses().equals(p.addresses())) {
            return new Clouded.Kept(
                    new PodIntent.Plumb(p.addresses(), current.get().request().attachments()));
        }
        return switch (node.cloud().orElseThrow().bind(t.pod(), p, pools.get())) {
            case CloudPlumbing.Result.Bound b -> new Clouded.Bound(b.plumb());
            case CloudPlumbing.Result.Refused r -> new Clouded.Refused(r.reason(), r.message(), r.retry());
            case CloudPlumbing.Result.Unavailable u -> new Clouded.Unavailable(u.message());
        };
    }

    /** Sandbox: the pod's ready sandbox and its network namespace, from the container runtime. */
    SandboxLookup sandbox(Target t) {
        return node.sandboxes().find(t.ref());
    }

    /** What ADD is asked: the plumb into the sandbox's namespace, beside the sandbox's own addresses. */
    PlumbingRequest request(Target t, PodIntent.Plumb plumb, SandboxLookup.Found sandbox) {
        return new PlumbingRequest(
                t.ref().uid(),
                sandbox.netns(),
                Netns.host(),
                node.lanInterface(),
                plumb.attachments(),
                sandbox.podIps().stream().map(IpPrefix::host).toList());
    }

    /** Add: the addresses into the pod's namespace and the node, read back. */
    AddOutcome add(PlumbingRequest request) {
        return node.dataPlane().add(request);
    }

    /** Whether this node may still hold addresses (its own Lease renewed in time). */
    boolean mayHold() {
        return fence.state().mayHold(now());
    }

    /** Self-fenced while plumbing: what ADD made live is taken off again. */
    Outcome withdrawn(Target t, PlumbingRequest request) {
        node.dataPlane().fence(request);
        LOG.warn(
                "self-fenced while plumbing pod={} addresses={}: removed again",
                t.ref(),
                t.intent().addresses());
        return new Outcome.After(FENCED_RETRY, "self-fenced");
    }

    /** Report: the condition True, saying what is live where; the instant it was acknowledged. */
    Instant report(Pod pod, List<String> addresses, PlumbingRequest request) {
        reporting.reporter().condition(pod, true, "AddressLive", liveMessage(addresses, request));
        return now();
    }

    /** The Event of an address gone live, once the condition is set. */
    void announce(Pod pod, List<String> addresses, PlumbingRequest request) {
        reporting.reporter().event(pod, EventRecorder.Type.Normal, "AddressLive", liveMessage(addresses, request));
    }

    private String liveMessage(List<String> addresses, PlumbingRequest request) {
        return "fixed address " + String.join(",", addresses) + " live on node " + node.node() + " ("
                + request.attachments().stream()
                        .map(a -> a.mode().wireName())
                        .distinct()
                        .toList() + ")";
    }

    /** The condition False with why the pod waits, and the Event; a condition not written now is written on the next look. */
    void tell(Pod pod, String reason, String message) {
        try {
            reporting.reporter().condition(pod, false, reason, message);
        } catch (KubernetesClientException e) {
            LOG.debug(
                    "condition not set pod={} reason={} error=\"{}\"",
                    pod.getMetadata().getName(),
                    reason,
                    e.getMessage());
        }
        reporting.reporter().event(pod, EventRecorder.Type.Normal, reason, message);
    }

    static Duration capped(Duration d) {
        return d.isNegative() ? Duration.ofMillis(1) : d.compareTo(WAIT_CAP) > 0 ? WAIT_CAP : d;
    }

    private Instant now() {
        return reporting.clock().instant();
    }
}
