package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.grpc.StatusRuntimeException;
import io.stickyip.agent.AgentMetrics;
import io.stickyip.agent.cri.PodRef;
import io.stickyip.agent.cri.SandboxLookup;
import io.stickyip.agent.fence.Fence;
import io.stickyip.agent.fence.OwnLease;
import io.stickyip.agent.netns.AddOutcome;
import io.stickyip.agent.netns.CheckOutcome;
import io.stickyip.agent.netns.CommandFailedException;
import io.stickyip.agent.work.Outcome;
import io.stickyip.core.fencing.AddressFence;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.intent.ReservationCheck;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.plumbing.PlumbingRequest;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.kube.EventRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One pod's reconcile (by UID, on a worker): from the pod and its pools to the address live and the
 * condition set, or released. Nothing is claimed before the pod passed {@link ReservationCheck} ({@link PodIntent}).
 * The order is the fence's: claim, decide, then plumb; DEL, then release
 * ({@link PodRelease}). Each step is idempotent, so a retry, a restart or a resync repeats it safely.
 */
public final class PodReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(PodReconciler.class);
    static final Duration WAIT_CAP = Duration.ofSeconds(5);
    static final Duration FENCED_RETRY = Duration.ofSeconds(1);
    static final Duration FULL_RETRY = Duration.ofSeconds(30);

    private final LocalPods pods;
    private final Supplier<PoolCatalog> pools;
    private final NodePlumbing node;
    private final Fence fence;
    private final LiveSet live;
    private final Reporting reporting;
    private final PodRelease release;

    /** How the reconcile tells what it did, and how often it reads back. */
    public record Reporting(PodReporter reporter, AgentMetrics metrics, Clock clock, Duration checkEvery) { }

    public PodReconciler(LocalPods pods, Supplier<PoolCatalog> pools, NodePlumbing node, Fence fence, LiveSet live,
                         Reporting reporting) {
        this.pods = pods;
        this.pools = pools;
        this.node = node;
        this.fence = fence;
        this.live = live;
        this.reporting = reporting;
        this.release = new PodRelease(pods, pools, node, fence, live, reporting);
    }

    public Outcome reconcile(String uid) {
        Optional<Pod> pod = pods.byUid(uid);
        PodIntent intent = pod.map(p -> node.intent(p, pools.get()))
                .orElseGet(() -> new PodIntent.Release("the pod is gone"));
        return switch (intent) {
            case PodIntent.Release r -> release.release(uid, pod, r.why());
            case PodIntent.Invalid i -> release.invalid(uid, pod.orElseThrow(), i);
            case PodIntent.Plumb p -> plumbing(uid, pod.orElseThrow(), p);
        };
    }

    private Outcome plumbing(String uid, Pod pod, PodIntent.Plumb p) {
        Optional<String> other = live.otherHolder(uid, p.addresses());
        if (other.isPresent()) {
            return waitForLocalHolder(pod, p, other.get());
        }
        live.busy(uid, p.addresses());
        try {
            return plumb(uid, pod, p);
        } finally {
            live.idle(uid);
        }
    }

    private Outcome plumb(String uid, Pod pod, PodIntent.Plumb p) {
        PodRef ref = new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid);
        Instant t0 = now();
        if (!alreadyTaken(uid, p)) {
            AddressFence.Decision decision;
            try {
                decision = fence.admit(p.addresses());
            } catch (KubernetesClientException e) {
                return failed("fence", ref, "the claim or the read of the Leases failed: " + e.getMessage());
            } catch (OwnLease.Full e) {
                Outcome told = release.cannot(pod, p, PodIntent.NODE_FULL, e.getMessage());
                return told instanceof Outcome.Done ? new Outcome.After(FULL_RETRY, PodIntent.NODE_FULL) : told;
            }
            Optional<Outcome> held = notTaken(pod, p, decision);
            if (held.isPresent()) {
                return held.get();
            }
        }
        Instant tFence = now();
        PodIntent.Plumb plumb = p;
        if (node.cloud().isPresent() && CloudPlumbing.involves(p, pools.get())) {
            switch (inCloud(uid, pod, p)) {
                case CloudPlumbing.Result.Bound b -> plumb = b.plumb();
                case CloudPlumbing.Result.Refused r -> {
                    Outcome told = release.cannot(pod, p, r.reason(), r.message());
                    return told instanceof Outcome.Done ? new Outcome.After(r.retry(), r.reason()) : told;
                }
                case CloudPlumbing.Result.Unavailable u -> {
                    return failed("cloud", ref, u.message());
                }
            }
        }
        SandboxLookup lookup;
        try {
            lookup = node.sandboxes().find(ref);
        } catch (StatusRuntimeException e) {
            return failed("cri", ref, "the container runtime did not answer: " + e.getStatus());
        }
        Instant tCri = now();
        return switch (lookup) {
            case SandboxLookup.NotReady n -> new Outcome.Poll(n.reason());
            case SandboxLookup.Unavailable u -> {
                reporting.reporter().event(pod, EventRecorder.Type.Warning, "SandboxUnavailable", u.reason());
                yield failed("cri", ref, u.reason());
            }
            case SandboxLookup.Found f -> {
                if (live.get(uid).isEmpty()) {
                    reporting.metrics().step("fence", Duration.between(t0, tFence));
                    reporting.metrics().step("cri", Duration.between(tFence, tCri));
                }
                yield plumbInto(pod, ref, plumb, f, new Marks(t0, tFence, tCri));
            }
        };
    }

    /**
     * The pod's Elastic IPs bound on this node, once its fence is taken: the plumb with their private addresses.
     * Already live with the same addresses: what was bound then (no EC2 call on a resync).
     */
    private CloudPlumbing.Result inCloud(String uid, Pod pod, PodIntent.Plumb p) {
        Optional<LiveSet.Entry> current = live.get(uid);
        if (current.isPresent() && current.get().addresses().equals(p.addresses())) {
            return new CloudPlumbing.Result.Bound(new PodIntent.Plumb(p.addresses(), current.get().request().attachments()));
        }
        Instant start = now();
        CloudPlumbing.Result r = node.cloud().orElseThrow().bind(pod, p, pools.get());
        reporting.metrics().step("cloud", Duration.between(start, now()));
        return r;
    }

    /** When the reconcile started, had its fence decision, found the sandbox ready: for the log line and the metrics. */
    record Marks(Instant start, Instant fenced, Instant found) { }

    private Outcome plumbInto(Pod pod, PodRef ref, PodIntent.Plumb p, SandboxLookup.Found sandbox, Marks marks) {
        PlumbingRequest request = new PlumbingRequest(ref.uid(), sandbox.netns(), Netns.host(), node.lanInterface(),
                p.attachments(), sandbox.podIps().stream().map(IpPrefix::host).toList());
        Optional<LiveSet.Entry> current = live.get(ref.uid());
        if (current.isPresent() && current.get().request().equals(request)) {
            return stillLive(pod, ref, current.get());
        }
        Instant start = now();
        AddOutcome added;
        try {
            added = node.dataPlane().add(request);
        } catch (CommandFailedException e) {
            added = new AddOutcome.Failed(null, e.getMessage(), List.of());
        }
        Instant tAdd = now();
        reporting.metrics().step("add", Duration.between(start, tAdd));
        return switch (added) {
            case AddOutcome.Live l -> live(pod, ref, p, new Plumbed(request, sandbox, l, marks, start, tAdd));
            case AddOutcome.FeatureMissing m -> release.cannot(pod, p, AddOutcome.FeatureMissing.REASON, m.message());
            case AddOutcome.Refused r -> release.cannot(pod, p, AddOutcome.Refused.REASON, r.reason());
            case AddOutcome.Failed f -> {
                reporting.reporter().event(pod, EventRecorder.Type.Warning, AddOutcome.Failed.REASON,
                        "plumbing " + String.join(",", p.addresses()) + " failed: " + f.reason()
                                + (f.undoFailures().isEmpty() ? "" : "; not undone: " + String.join("; ", f.undoFailures())));
                yield failed("add", ref, f.reason());
            }
        };
    }

    /** What ADD made live, and when each step ended. */
    record Plumbed(PlumbingRequest request, SandboxLookup.Found sandbox, AddOutcome.Live added, Marks marks, Instant addStart,
                   Instant addEnd) { }

    private Outcome live(Pod pod, PodRef ref, PodIntent.Plumb p, Plumbed done) {
        PlumbingRequest request = done.request();
        SandboxLookup.Found sandbox = done.sandbox();
        Instant tAdd = done.addEnd();
        if (!fence.state().mayHold(now())) {
            node.dataPlane().fence(request);
            LOG.warn("self-fenced while plumbing pod={} addresses={}: removed again", ref, p.addresses());
            return new Outcome.After(FENCED_RETRY, "self-fenced");
        }
        live.put(ref.uid(), new LiveSet.Entry(ref, request, p.addresses(), now()));
        String message = "fixed address " + String.join(",", p.addresses()) + " live on node " + node.node()
                + " (" + p.attachments().stream().map(a -> a.mode().wireName()).distinct().toList() + ")";
        try {
            reporting.reporter().condition(pod, true, "AddressLive", message);
        } catch (KubernetesClientException e) {
            return failed("condition", ref, "the condition could not be set: " + e.getMessage());
        }
        Instant end = now();
        reporting.metrics().step("condition", Duration.between(tAdd, end));
        Duration toLive = Duration.between(sandbox.createdAt(), end);
        reporting.metrics().timeToLive(toLive);
        reporting.reporter().event(pod, EventRecorder.Type.Normal, "AddressLive", message);
        Marks m = done.marks();
        LOG.info("address live pod={} addresses={} sandbox={} sandbox_to_live_ms={} found_to_live_ms={} fence_ms={} cri_ms={} add_ms={}"
                        + " condition_ms={} applied={} present={}", ref, p.addresses(), sandbox.sandboxId(), toLive.toMillis(),
                Duration.between(m.found(), end).toMillis(), Duration.between(m.start(), m.fenced()).toMillis(),
                Duration.between(m.fenced(), m.found()).toMillis(), Duration.between(done.addStart(), tAdd).toMillis(),
                Duration.between(tAdd, end).toMillis(), done.added().applied(), done.added().present());
        return Outcome.done();
    }

    /** Already live with the same request: read back when due, repair a difference, keep the condition. */
    private Outcome stillLive(Pod pod, PodRef ref, LiveSet.Entry entry) {
        if (entry.checkedAt().plus(reporting.checkEvery()).isBefore(now())) {
            Instant start = now();
            CheckOutcome check = node.dataPlane().check(entry.request());
            reporting.metrics().step("check", Duration.between(start, now()));
            if (!check.matches()) {
                LOG.warn("read back differs pod={} differences={}: plumbing again", ref, check.differences());
                live.remove(ref.uid());
                return new Outcome.After(Duration.ofMillis(1), "repair");
            }
            live.checked(ref.uid(), now());
        }
        try {
            reporting.reporter().condition(pod, true, "AddressLive", "fixed address " + String.join(",", entry.addresses())
                    + " live on node " + node.node() + " (" + entry.request().attachments().stream().map(a -> a.mode().wireName())
                    .distinct().toList() + ")");
        } catch (KubernetesClientException e) {
            return failed("condition", ref, "the condition could not be set: " + e.getMessage());
        }
        return Outcome.done();
    }

    /** Live here with the same addresses, still claimed, and the node's own renewal fresh: no new decision needed. */
    private boolean alreadyTaken(String uid, PodIntent.Plumb p) {
        return live.get(uid).map(e -> e.addresses().equals(p.addresses())).orElse(false)
                && fence.state().mayHold(now()) && fence.own().claimed().containsAll(p.addresses());
    }

    /** The fence's answer when it is not Take: the pod waits, unready, and says why. */
    private Optional<Outcome> notTaken(Pod pod, PodIntent.Plumb p, AddressFence.Decision d) {
        String addresses = String.join(",", p.addresses());
        return switch (d) {
            case AddressFence.Decision.Take t -> Optional.empty();
            case AddressFence.Decision.SelfFenced s -> {
                tell(pod, "SelfFenced", "node " + node.node() + " cannot renew its agent Lease: it holds no address until it can");
                yield Optional.of(new Outcome.After(FENCED_RETRY, "self-fenced"));
            }
            case AddressFence.Decision.WaitForRelease w -> {
                tell(pod, "WaitingForRelease", "address " + addresses + " is still held by node " + w.holder()
                        + ": taken here once it releases it, or at the latest at " + w.expiresAt() + " (its heartbeat expired plus the margin)");
                yield Optional.of(new Outcome.After(capped(Duration.between(now(), w.expiresAt()).plusMillis(50)), "waiting for " + w.holder()));
            }
            case AddressFence.Decision.Yield y -> {
                fence.withdraw(p.addresses());
                Instant expires = fence.takeableAt(y.holder()).orElse(now().plus(WAIT_CAP));
                tell(pod, "WaitingForRelease", "address " + addresses + " is held by node " + y.holder()
                        + ": taken here once it releases it, or at the latest at " + expires + " (its heartbeat expired plus the margin)");
                yield Optional.of(new Outcome.After(capped(Duration.between(now(), expires).plusMillis(50)), "yielded to " + y.holder()));
            }
        };
    }

    private static Duration capped(Duration d) {
        return d.isNegative() ? Duration.ofMillis(1) : d.compareTo(WAIT_CAP) > 0 ? WAIT_CAP : d;
    }

    private Outcome waitForLocalHolder(Pod pod, PodIntent.Plumb p, String otherUid) {
        tell(pod, "WaitingForRelease", "address " + String.join(",", p.addresses()) + " is still live for pod " + otherUid
                + " on this node: taken once that pod's addresses are released");
        return new Outcome.After(Duration.ofMillis(200), "local holder " + otherUid);
    }

    private void tell(Pod pod, String reason, String message) {
        try {
            reporting.reporter().condition(pod, false, reason, message);
        } catch (KubernetesClientException e) {
            LOG.debug("condition not set pod={} reason={} error=\"{}\"", pod.getMetadata().getName(), reason, e.getMessage());
        }
        reporting.reporter().event(pod, EventRecorder.Type.Normal, reason, message);
    }

    private Outcome failed(String step, PodRef ref, String why) {
        reporting.metrics().failure(step);
        LOG.warn("{} failed pod={} error=\"{}\"", step, ref, why);
        return new Outcome.Failed(step, why);
    }

    private Instant now() {
        return reporting.clock().instant();
    }
}
