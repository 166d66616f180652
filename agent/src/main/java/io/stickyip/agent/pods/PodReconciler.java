package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.agent.AgentMetrics;
import io.stickyip.agent.cri.PodRef;
import io.stickyip.agent.cri.SandboxLookup;
import io.stickyip.agent.fence.Fence;
import io.stickyip.agent.netns.AddOutcome;
import io.stickyip.agent.netns.CheckOutcome;
import io.stickyip.agent.pods.PlumbSteps.Clouded;
import io.stickyip.agent.pods.PlumbSteps.Fenced;
import io.stickyip.agent.pods.PlumbSteps.Target;
import io.stickyip.agent.pods.StepClock.Step;
import io.stickyip.agent.work.Outcome;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.intent.ReservationCheck;
import io.stickyip.core.plumbing.PlumbingRequest;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.kube.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod's reconcile (by UID, on a worker): from the pod and its pools to the address live and the condition set, or
 * released. Nothing is claimed before the pod passed {@link ReservationCheck} ({@link PodIntent}). The plumb is a walk of
 * named steps ({@link PlumbSteps}) in the fence's order: fence (claim, decide), cloud, sandbox, add, report; each
 * answers with a typed result, a {@link StepClock} times them and hands their clients' failures to one place. The way
 * back is {@link PodRelease}: DEL, then release. Each step is idempotent, so a retry, a restart or a resync repeats it
 * safely.
 */
public final class PodReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(PodReconciler.class);
    static final Duration FULL_RETRY = Duration.ofSeconds(30);

    private final LocalPods pods;
    private final Supplier<PoolCatalog> pools;
    private final NodePlumbing node;
    private final LiveSet live;
    private final Reporting reporting;
    private final PodRelease release;
    private final PlumbSteps steps;

    /** How the reconcile tells what it did, and how often it reads back. */
    public record Reporting(PodReporter reporter, AgentMetrics metrics, Clock clock, Duration checkEvery) {}

    public PodReconciler(
            LocalPods pods,
            Supplier<PoolCatalog> pools,
            NodePlumbing node,
            Fence fence,
            LiveSet live,
            Reporting reporting) {
        this.pods = pods;
        this.pools = pools;
        this.node = node;
        this.live = live;
        this.reporting = reporting;
        this.release = new PodRelease(pods, pools, node, fence, live, reporting);
        this.steps = new PlumbSteps(pools, node, fence, live, reporting);
    }

    public Outcome reconcile(String uid) {
        Optional<Pod> pod = pods.byUid(uid);
        PodIntent intent =
                pod.map(p -> node.intent(p, pools.get())).orElseGet(() -> new PodIntent.Release("the pod is gone"));
        return switch (intent) {
            case PodIntent.Release r -> release.release(uid, pod, r.why());
            case PodIntent.Invalid i -> release.invalid(uid, pod.orElseThrow(), i);
            case PodIntent.Plumb p -> plumbing(new Target(pod.orElseThrow(), ref(pod.orElseThrow()), p));
        };
    }

    /** One pod of this node at a time per address: a pod whose address is live (or being plumbed) here for another waits. */
    private Outcome plumbing(Target t) {
        String uid = t.ref().uid();
        Optional<String> other = live.otherHolder(uid, t.intent().addresses());
        if (other.isPresent()) {
            steps.tell(
                    t.pod(),
                    "WaitingForRelease",
                    "address " + t.addresses() + " is still live for pod " + other.get()
                            + " on this node: taken once that pod's addresses are released");
            return new Outcome.After(Duration.ofMillis(200), "local holder " + other.get());
        }
        live.busy(uid, t.intent().addresses());
        try {
            return walk(t, new StepClock(reporting.metrics(), reporting.clock()));
        } catch (StepClock.StepFailed f) {
            return failed(f.step(), t.ref(), f.getMessage());
        } finally {
            live.idle(uid);
        }
    }

    /** The plumb in one pass: each step goes on, or ends the reconcile with what its answer means (fence, cloud, sandbox). */
    private Outcome walk(Target t, StepClock clock) {
        switch (clock.run(Step.FENCE, () -> steps.fence(t))) {
            case Fenced.Taken taken -> {}
            case Fenced.StillTaken still -> {}
            case Fenced.Waiting w -> {
                return w.after();
            }
            case Fenced.Full f -> {
                return cannot(t, PodIntent.NODE_FULL, f.message(), FULL_RETRY);
            }
        }
        PodIntent.Plumb plumb;
        switch (clock.run(Step.CLOUD, () -> steps.cloud(t))) {
            case Clouded.Bound b -> plumb = b.plumb();
            case Clouded.Kept k -> plumb = k.plumb();
            case Clouded.Refused r -> {
                return cannot(t, r.reason(), r.message(), r.retry());
            }
            case Clouded.Unavailable u -> {
                return failed(Step.CLOUD, t.ref(), u.message());
            }
        }
        SandboxLookup.Found sandbox;
        switch (clock.run(Step.CRI, () -> steps.sandbox(t))) {
            case SandboxLookup.Found f -> sandbox = f;
            case SandboxLookup.NotReady n -> {
                return new Outcome.Poll(n.reason());
            }
            case SandboxLookup.Unavailable u -> {
                reporting.reporter().event(t.pod(), EventRecorder.Type.Warning, "SandboxUnavailable", u.reason());
                return failed(Step.CRI, t.ref(), u.reason());
            }
        }
        return into(t, plumb, sandbox, clock);
    }

    /** The rest of the walk, once the sandbox is found: the pod already live as asked, or ADD, then the report. */
    private Outcome into(Target t, PodIntent.Plumb plumb, SandboxLookup.Found sandbox, StepClock clock) {
        PlumbingRequest request = steps.request(t, plumb, sandbox);
        Optional<LiveSet.Entry> current = live.get(t.ref().uid());
        if (current.isPresent() && current.get().request().equals(request)) {
            return stillLive(t, current.get(), clock);
        }
        switch (clock.run(Step.ADD, () -> steps.add(request))) {
            case AddOutcome.Live added -> {
                return live(t, request, sandbox, added, clock);
            }
            case AddOutcome.FeatureMissing m -> {
                return release.cannot(t.pod(), plumb, AddOutcome.FeatureMissing.REASON, m.message());
            }
            case AddOutcome.Refused r -> {
                return release.cannot(t.pod(), plumb, AddOutcome.Refused.REASON, r.reason());
            }
            case AddOutcome.Failed f -> {
                reporting
                        .reporter()
                        .event(
                                t.pod(),
                                EventRecorder.Type.Warning,
                                AddOutcome.Failed.REASON,
                                "plumbing " + t.addresses() + " failed: " + f.reason()
                                        + (f.undoFailures().isEmpty()
                                                ? ""
                                                : "; not undone: " + String.join("; ", f.undoFailures())));
                return failed(Step.ADD, t.ref(), f.reason());
            }
        }
    }

    /** ADD made the addresses live: kept only while the node may hold them, then the condition, the Event, the meters. */
    private Outcome live(
            Target t, PlumbingRequest request, SandboxLookup.Found sandbox, AddOutcome.Live added, StepClock clock) {
        if (!steps.mayHold()) {
            return steps.withdrawn(t, request);
        }
        live.put(t.ref().uid(), new LiveSet.Entry(t.ref(), request, t.intent().addresses(), now()));
        Instant end =
                clock.run(Step.CONDITION, () -> steps.report(t.pod(), t.intent().addresses(), request));
        Duration toLive = Duration.between(sandbox.createdAt(), end);
        reporting.metrics().timeToLive(toLive);
        steps.announce(t.pod(), t.intent().addresses(), request);
        Instant found = clock.lap(Step.CRI).map(StepClock.Lap::end).orElse(end);
        LOG.info(
                "address live pod={} addresses={} sandbox={} sandbox_to_live_ms={} found_to_live_ms={} fence_ms={} cri_ms={} add_ms={}"
                        + " condition_ms={} applied={} present={}",
                t.ref(),
                t.intent().addresses(),
                sandbox.sandboxId(),
                toLive.toMillis(),
                Duration.between(found, end).toMillis(),
                clock.millis(Step.FENCE),
                clock.millis(Step.CRI),
                clock.millis(Step.ADD),
                clock.millis(Step.CONDITION),
                added.applied(),
                added.present());
        return Outcome.done();
    }

    /** Already live with the same request: read back when due, repair a difference, keep the condition. */
    private Outcome stillLive(Target t, LiveSet.Entry entry, StepClock clock) {
        if (entry.checkedAt().plus(reporting.checkEvery()).isBefore(now())) {
            CheckOutcome check = clock.run(Step.CHECK, () -> node.dataPlane().check(entry.request()));
            if (!check.matches()) {
                LOG.warn("read back differs pod={} differences={}: plumbing again", t.ref(), check.differences());
                live.remove(t.ref().uid());
                return new Outcome.After(Duration.ofMillis(1), "repair");
            }
            live.checked(t.ref().uid(), now());
        }
        clock.run(Step.KEEP_CONDITION, () -> steps.report(t.pod(), entry.addresses(), entry.request()));
        return Outcome.done();
    }

    /** The pod cannot be plumbed as it asks (node full, cloud refusal): claim released, told why, looked at after {@code retry}. */
    private Outcome cannot(Target t, String reason, String message, Duration retry) {
        Outcome told = release.cannot(t.pod(), t.intent(), reason, message);
        return told instanceof Outcome.Done ? new Outcome.After(retry, reason) : told;
    }

    /** A step failed: counted by step, said, retried with backoff. */
    private Outcome failed(Step step, PodRef ref, String why) {
        reporting.metrics().failure(step.tag);
        LOG.warn("{} failed pod={} error=\"{}\"", step.tag, ref, why);
        return new Outcome.Failed(step.tag, why);
    }

    private static PodRef ref(Pod pod) {
        return new PodRef(
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                pod.getMetadata().getUid());
    }

    private Instant now() {
        return reporting.clock().instant();
    }
}
