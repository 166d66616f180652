package io.stickyip.core.plumbing;

/** The planner's answer: a plan, or why the request cannot be planned (a message naming the value and the rule). */
public sealed interface PlanOutcome {
    record Planned(Plan plan) implements PlanOutcome {}

    record Refused(String reason) implements PlanOutcome {}
}
