package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.DataPlanePlanner;
import io.stickyip.core.plumbing.PlanOutcome;
import io.stickyip.core.plumbing.PlumbingRequest;
import java.util.List;

/**
 * What the agent calls: plan (pure) then apply. The same request always plans the same steps, so ADD after a
 * restart, CHECK and DEL need nothing stored: the pod, its pool and the node are enough.
 */
public final class DataPlane {

    private final DataPlanePlanner planner;
    private final DataPlaneExecutor executor;

    public DataPlane(DataPlanePlanner planner, DataPlaneExecutor executor) {
        this.planner = planner;
        this.executor = executor;
    }

    /** The data plane on this machine: iproute2 (and arping, na6) through nsenter, each command bounded. */
    public static DataPlane withIproute2() {
        return new DataPlane(new DataPlanePlanner(), new DataPlaneExecutor(Namespaces.withProcesses()));
    }

    /** The data plane over {@code namespaces} (the agent's: its command timeout, its step counter). */
    public static DataPlane over(Namespaces namespaces) {
        return new DataPlane(new DataPlanePlanner(), new DataPlaneExecutor(namespaces));
    }

    /**
     * ADD, its every ending an {@link AddOutcome}: a command that failed outside a step (reading the namespaces' state
     * before or after) is {@link AddOutcome.Failed} with no step and nothing undone, like a step's own failure.
     */
    public AddOutcome add(PlumbingRequest request) {
        return switch (planner.plan(request)) {
            case PlanOutcome.Planned p -> {
                try {
                    yield executor.add(p.plan());
                } catch (CommandFailedException e) {
                    yield new AddOutcome.Failed(null, e.getMessage(), List.of());
                }
            }
            case PlanOutcome.Refused r -> new AddOutcome.Refused(r.reason());
        };
    }

    public CheckOutcome check(PlumbingRequest request) {
        return switch (planner.plan(request)) {
            case PlanOutcome.Planned p -> executor.check(p.plan());
            case PlanOutcome.Refused r -> new CheckOutcome(List.of("not plannable: " + r.reason()));
        };
    }

    public DelOutcome del(PlumbingRequest request) {
        return switch (planner.plan(request)) {
            case PlanOutcome.Planned p -> executor.del(p.plan());
            case PlanOutcome.Refused r ->
                new DelOutcome.Failed(List.of("not plannable, nothing removed: " + r.reason()));
        };
    }

    /** Self-fencing: links and proxies first (off the wire at once), then the rest of DEL. */
    public DelOutcome fence(PlumbingRequest request) {
        return switch (planner.plan(request)) {
            case PlanOutcome.Planned p -> {
                DelOutcome wire = executor.takeOffTheWire(p.plan());
                DelOutcome rest = executor.del(p.plan());
                yield wire instanceof DelOutcome.Failed ? wire : rest;
            }
            case PlanOutcome.Refused r ->
                new DelOutcome.Failed(List.of("not plannable, nothing removed: " + r.reason()));
        };
    }

    /** The plan itself, for logs and for callers that keep it. */
    public PlanOutcome plan(PlumbingRequest request) {
        return planner.plan(request);
    }
}
