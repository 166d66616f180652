package io.stickyip.agent.netns.lab;

import io.stickyip.core.plumbing.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** {@link PeerEcho} servers and clients started inside namespaces; servers stopped by {@link #close()}. */
public final class Peers implements AutoCloseable {

    private final List<Process> servers = new ArrayList<>();

    /** Starts a server on {@code addr:port} in {@code ns} that answers {@code count} connections, and waits until it listens. */
    public void server(Netns ns, String addr, int port, String tag, int count) {
        Process p = start(ns, "server", addr, String.valueOf(port), tag, String.valueOf(count));
        servers.add(p);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> firstLine(p));
        Awaitility.await("server " + tag + " on " + addr + ":" + port)
                .atMost(Duration.ofSeconds(20))
                .until(first::isDone);
        if (!"listening".equals(first.join())) {
            throw new IllegalStateException("server " + tag + " did not start: " + first.join() + " " + stderr(p));
        }
    }

    /** Connects from {@code ns} (bound to {@code bind}, or unbound when null) and returns the answer or "failed: ...". */
    public String connect(Netns ns, String addr, int port, String bind, Duration timeout) {
        Process p = start(
                ns,
                "client",
                addr,
                String.valueOf(port),
                bind == null ? "-" : bind,
                String.valueOf(timeout.toMillis()));
        try {
            if (!p.waitFor(timeout.toMillis() + 20_000, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "failed: client did not finish";
            }
            String line = firstLine(p);
            return line == null ? "failed: no output " + stderr(p) : line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Process start(Netns ns, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> argv = new ArrayList<>(List.of(
                "nsenter",
                "--net=" + ns.path(),
                java,
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                PeerEcho.class.getName()));
        argv.addAll(List.of(args));
        try {
            return new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(Process p) {
        try {
            return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stderr(Process p) {
        try {
            return p.isAlive() ? "" : new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        servers.forEach(Process::destroyForcibly);
        servers.clear();
    }
}
