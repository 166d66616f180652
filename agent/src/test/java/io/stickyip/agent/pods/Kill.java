package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.stickyip.agent.fence.LeaseApi;
import io.stickyip.agent.netns.CommandRunner;
import io.stickyip.agent.work.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An agent process's death after its k-th step, as {@code kill -9}: the step is done, then nothing more of that
 * process runs. The agent's {@link Steps} (the seam production leaves empty) throws {@link Killed}, an Error nothing
 * in the agent catches; the process's runner and Lease store refuse every call after it, reads too. Counts only once
 * armed, so a test can kill during one phase (a removal) of an agent that did the phase before it (the plumbing).
 */
final class Kill implements Steps {

    /** The process is gone. */
    static final class Killed extends Error {
        Killed(String why) {
            super(why, null, false, false);
        }
    }

    private final int after;
    private boolean armed;
    private boolean dead;
    private final List<String> seen = new ArrayList<>();

    /** @param after the step after which it dies (1 = right after the first) */
    Kill(int after, boolean armed) {
        this.after = after;
        this.armed = armed;
    }

    /** From now on the steps count. */
    synchronized void arm() {
        armed = true;
    }

    @Override
    public synchronized void done(String what) {
        alive();
        if (!armed) {
            return;
        }
        seen.add(what);
        if (seen.size() == after) {
            dead = true;
            throw new Killed("killed after step " + after + " (" + what + ")");
        }
    }

    /** The steps counted so far, in order. */
    synchronized List<String> seen() {
        return List.copyOf(seen);
    }

    synchronized void alive() {
        if (dead) {
            throw new Killed("the process is gone");
        }
    }

    /** The process's commands: none once it is dead. */
    CommandRunner runner(CommandRunner real) {
        return (argv, stdin, timeout) -> {
            alive();
            return real.run(argv, stdin, timeout);
        };
    }

    /** The process's view of the Lease store: none once it is dead. */
    LeaseApi leases(LeaseApi real) {
        return new LeaseApi() {
            @Override
            public Optional<Lease> get(String name) {
                alive();
                return real.get(name);
            }

            @Override
            public Lease apply(Lease lease) {
                alive();
                return real.apply(lease);
            }

            @Override
            public List<Lease> listAll() {
                alive();
                return real.listAll();
            }

            @Override
            public void delete(String name) {
                alive();
                real.delete(name);
            }
        };
    }

    /** Runs the process's work; true if it was killed on the way. */
    static boolean killedWhile(Runnable work) {
        try {
            work.run();
            return false;
        } catch (Killed expected) {
            return true;
        }
    }
}
