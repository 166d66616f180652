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

    public AddOutcome add(PlumbingRequest request) {
        return switch (planner.plan(request)) {
            case PlanOutcome.Planned p -> executor.add(p.plan());
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
            case PlanOutcome.Refused r -> new DelOutcome.Failed(List.of("not plannable, nothing removed: " + r.reason()));
        };
    }

    /** The plan itself, for logs and for callers that keep it. */
    public PlanOutcome plan(PlumbingRequest request) {
        return planner.plan(request);
    }

}
