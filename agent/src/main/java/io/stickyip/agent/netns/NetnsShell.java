package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands run inside one namespace: {@code nsenter --net=PATH CMD} (iproute2's {@code ip -n} takes only
 * names under /run/netns, and a sandbox's netns is a path), or {@code CMD} as it is for the host namespace.
 * Every command is bounded by the shell's timeout.
 */
public final class NetnsShell {

    private final CommandRunner runner;
    private final Netns ns;
    private final Duration timeout;

    NetnsShell(CommandRunner runner, Netns ns, Duration timeout) {
        this.runner = runner;
        this.ns = ns;
        this.timeout = timeout;
    }

    public Netns ns() {
        return ns;
    }

    /** False when the namespace's handle is gone (the sandbox was torn down). */
    public boolean exists() {
        return ns.isHost() || Files.exists(Path.of(ns.path()));
    }

    /** Runs {@code argv} in the namespace; the caller reads the exit code. */
    public CommandRunner.Result exec(List<String> argv) {
        return runner.run(inside(argv), "", timeout);
    }

    public CommandRunner.Result exec(String... argv) {
        return exec(List.of(argv));
    }

    /** Runs {@code argv} in the namespace and fails with its stderr unless it exits 0. */
    public String execOrThrow(String... argv) {
        CommandRunner.Result r = exec(argv);
        if (!r.ok()) {
            throw CommandFailedException.of(r);
        }
        return r.stdout();
    }

    /** {@code ip [options] -batch -} with one command per line, in one process. */
    public String ipBatch(List<String> options, List<String> lines) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(options);
        argv.addAll(List.of("-batch", "-"));
        CommandRunner.Result r = runner.run(inside(argv), String.join("\n", lines) + "\n", timeout);
        if (!r.ok()) {
            throw CommandFailedException.of(r);
        }
        return r.stdout();
    }

    /** Reads back what the data plane writes: three batches (links etc., IPv4 and IPv6 routes and rules). */
    public NetnsState read() {
        String links = ipBatch(List.of("-json", "-d"), StateParser.LINK_BATCH);
        String v4 = ipBatch(List.of("-4", "-json"), StateParser.FAMILY_BATCH);
        String v6 = ipBatch(List.of("-6", "-json"), StateParser.FAMILY_BATCH);
        return StateParser.parse(links, v4, v6);
    }

    private List<String> inside(List<String> argv) {
        if (ns.isHost()) {
            return argv;
        }
        List<String> out = new ArrayList<>(List.of("nsenter", "--net=" + ns.path()));
        out.addAll(argv);
        return out;
    }
}
