package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Netns;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Netns adapter: work inside a namespace is one closure given a shell bound to it (as
 * containernetworking's {@code netns.Do}), never scattered enters and leaves. The JVM's threads never
 * change namespace: each command enters on its own ({@code nsenter}), so a thread pool cannot leak one.
 */
public final class Namespaces {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final CommandRunner runner;
    private final Duration timeout;

    public Namespaces(CommandRunner runner, Duration timeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public static Namespaces withProcesses() {
        return new Namespaces(new ProcessRunner(), DEFAULT_TIMEOUT);
    }

    public <T> T in(Netns ns, Function<NetnsShell, T> work) {
        return work.apply(new NetnsShell(runner, ns, timeout));
    }
}
