package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.plumbing.Plan;
import io.stickyip.core.plumbing.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a {@link Plan} with iproute2, as containernetworking's plugins do: ADD (skip what is there, apply
 * the rest, read back; undo its own work when a later step fails), CHECK (read back, say what differs), DEL
 * (remove in reverse order; a missing device or namespace is not an error). ADD twice is ADD once.
 */
public final class DataPlaneExecutor {

    private final Namespaces namespaces;

    public DataPlaneExecutor(Namespaces namespaces) {
        this.namespaces = namespaces;
    }

    public AddOutcome add(Plan plan) {
        Map<Netns, NetnsState> before = read(plan);
        List<Step> applied = new ArrayList<>();
        int present = 0;
        for (Step step : plan.steps()) {
            if (isInPlace(step, before)) {
                present++;
                continue;
            }
            try {
                apply(step, before);
                applied.add(step);
            } catch (CommandFailedException e) {
                List<String> undoFailures = undo(applied);
                if (StepCommands.unknownDeviceType(e.stderr())) {
                    return new AddOutcome.FeatureMissing(feature(step), step, e.stderr());
                }
                return new AddOutcome.Failed(step, e.getMessage(), undoFailures);
            }
        }
        CheckOutcome check = check(plan);
        if (!check.matches()) {
            List<String> undoFailures = undo(applied);
            return new AddOutcome.Failed(
                    plan.steps().getLast(),
                    "read back after ADD: " + String.join("; ", check.differences()),
                    undoFailures);
        }
        return new AddOutcome.Live(applied.size(), present);
    }

    public CheckOutcome check(Plan plan) {
        Map<Netns, NetnsState> states = read(plan);
        List<String> differences = new ArrayList<>();
        for (Netns ns : plan.namespaces()) {
            if (!namespaces.in(ns, NetnsShell::exists)) {
                differences.add(ns + " does not exist");
            }
        }
        for (Step step : plan.steps()) {
            (step instanceof Step.Sysctl s ? sysctlDifference(s) : StepReadBack.difference(step, states))
                    .ifPresent(differences::add);
        }
        return new CheckOutcome(differences);
    }

    public DelOutcome del(Plan plan) {
        int removed = 0;
        int gone = 0;
        List<String> problems = new ArrayList<>();
        for (Step step : plan.undoOrder()) {
            StepCommands.Command cmd = StepCommands.del(step).orElseThrow();
            CommandRunner.Result r = namespaces.in(cmd.ns(), sh -> sh.exists() ? sh.exec(cmd.argv()) : null);
            if (r == null || (!r.ok() && StepCommands.alreadyGone(r.stderr()))) {
                gone++;
            } else if (r.ok()) {
                removed++;
            } else {
                problems.add(
                        step.describe() + ": " + CommandFailedException.of(r).getMessage());
            }
        }
        Map<Netns, NetnsState> after = read(plan);
        for (Step step : plan.undoOrder()) {
            if (after.containsKey(step.ns())
                    && StepReadBack.difference(step, after).isEmpty()) {
                problems.add("still there after DEL: " + step.describe());
            }
        }
        return problems.isEmpty() ? new DelOutcome.Removed(removed, gone) : new DelOutcome.Failed(problems);
    }

    /**
     * The first half of a self-fence (docs/fencing.md): the links and the neighbour proxies, one bounded command
     * each; an address without its link or proxy answers nowhere. {@link #del} does the rest.
     */
    public DelOutcome takeOffTheWire(Plan plan) {
        int removed = 0;
        int gone = 0;
        List<String> problems = new ArrayList<>();
        for (Step step : plan.undoOrder()) {
            if (!isLink(step) && !(step instanceof Step.NeighbourProxy)) {
                continue;
            }
            StepCommands.Command cmd = StepCommands.del(step).orElseThrow();
            CommandRunner.Result r = namespaces.in(cmd.ns(), sh -> sh.exists() ? sh.exec(cmd.argv()) : null);
            if (r == null || (!r.ok() && StepCommands.alreadyGone(r.stderr()))) {
                gone++;
            } else if (r.ok()) {
                removed++;
            } else {
                problems.add(
                        step.describe() + ": " + CommandFailedException.of(r).getMessage());
            }
        }
        return problems.isEmpty() ? new DelOutcome.Removed(removed, gone) : new DelOutcome.Failed(problems);
    }

    private boolean isInPlace(Step step, Map<Netns, NetnsState> before) {
        return switch (step) {
            case Step.Announce a -> false;
            case Step.Sysctl s -> sysctlDifference(s).isEmpty();
            default -> StepReadBack.difference(step, before).isEmpty();
        };
    }

    private void apply(Step step, Map<Netns, NetnsState> before) {
        if (isLink(step)
                && before.getOrDefault(step.ns(), NetnsState.empty())
                        .link(linkName(step))
                        .isPresent()) {
            // a link of ours with the wrong shape (or a veth whose peer went): replace it
            StepCommands.Command del = StepCommands.del(step).orElseThrow();
            namespaces.in(del.ns(), sh -> sh.execOrThrow(del.argv().toArray(String[]::new)));
        }
        StepCommands.Command cmd = StepCommands.add(step);
        CommandRunner.Result r = namespaces.in(cmd.ns(), sh -> sh.exec(cmd.argv()));
        boolean announced =
                step instanceof Step.Announce && r.exit() == 1 && r.stderr().isBlank();
        if (!r.ok() && !announced) {
            throw CommandFailedException.of(r);
        }
    }

    private List<String> undo(List<Step> applied) {
        List<String> failures = new ArrayList<>();
        for (Step step : new Plan(applied).undoOrder()) {
            StepCommands.Command cmd = StepCommands.del(step).orElseThrow();
            CommandRunner.Result r = namespaces.in(cmd.ns(), sh -> sh.exists() ? sh.exec(cmd.argv()) : null);
            if (r != null && !r.ok() && !StepCommands.alreadyGone(r.stderr())) {
                failures.add(step.describe() + ": " + r.stderr().strip());
            }
        }
        return failures;
    }

    private Optional<String> sysctlDifference(Step.Sysctl s) {
        return namespaces.in(s.ns(), sh -> {
            if (!sh.exists()) {
                return Optional.of(s.ns() + " does not exist");
            }
            CommandRunner.Result r = sh.exec("sysctl", "-n", s.key());
            String value = r.stdout().strip();
            return r.ok() && value.equals(s.value())
                    ? Optional.empty()
                    : Optional.of("sysctl " + s.key() + " is " + (r.ok() ? value : "unreadable") + ", expected "
                            + s.value() + " in " + s.ns());
        });
    }

    /** Reads the namespaces where some step's result lives (a macvlan's node is only where it is made from). */
    private Map<Netns, NetnsState> read(Plan plan) {
        Map<Netns, NetnsState> states = new HashMap<>();
        java.util.Set<Netns> lives = new java.util.LinkedHashSet<>();
        for (Step s : plan.steps()) {
            lives.add(s.ns());
            if (s instanceof Step.Veth v) {
                lives.add(v.pod());
            }
        }
        for (Netns ns : lives) {
            namespaces.in(ns, sh -> {
                if (sh.exists()) {
                    states.put(ns, sh.read());
                }
                return null;
            });
        }
        return states;
    }

    private static boolean isLink(Step s) {
        return s instanceof Step.Macvlan || s instanceof Step.Ipvlan || s instanceof Step.Veth;
    }

    private static String linkName(Step s) {
        return switch (s) {
            case Step.Macvlan m -> m.name();
            case Step.Ipvlan i -> i.name();
            case Step.Veth v -> v.hostName();
            default -> throw new IllegalArgumentException(s.describe() + " is not a link");
        };
    }

    private static String feature(Step s) {
        return switch (s) {
            case Step.Macvlan m -> "macvlan";
            case Step.Ipvlan i -> "ipvlan";
            case Step.Veth v -> "veth";
            default -> s.describe();
        };
    }
}
