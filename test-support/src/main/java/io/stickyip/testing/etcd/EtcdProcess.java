package io.stickyip.testing.etcd;

import static org.awaitility.Awaitility.await;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.awaitility.core.TerminalFailureException;

/**
 * A real single-member etcd on free loopback ports with its own temporary data directory.
 * {@link #stop()} kills it the hard way (SIGKILL, as a crash would), {@link #start()} brings it
 * back on the same ports and data, {@link #close()} kills it and deletes everything.
 *
 * <p>The binary is found by {@link EtcdBinary#locate()}.
 */
public final class EtcdProcess implements AutoCloseable {

    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(30);
    private static final String NAME = "stickyip-test";
    private static final int PORT_ATTEMPTS = 3;
    private static final int FIRST_PORT = 20_000;
    private static final int PORT_SPAN = 12_000;
    private static final Random RANDOM = new Random();

    private final Path binary;
    private final Path workDir;
    private final int clientPort;
    private final int peerPort;
    private final int metricsPort;
    private final Optional<EtcdClientTls> tls;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread killOnExit = new Thread(this::kill, "etcd-process-kill-on-exit");
    private Process process;
    private List<String> extraFlags = List.of();

    private EtcdProcess(
            Path binary, Path workDir, int clientPort, int peerPort, int metricsPort, Optional<EtcdClientTls> tls) {
        this.binary = binary;
        this.workDir = workDir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.metricsPort = metricsPort;
        this.tls = tls;
    }

    /** Locates the binary, starts etcd (plain HTTP) and waits until it reports healthy. */
    public static EtcdProcess startNew() {
        return startNew(false);
    }

    /**
     * As {@link #startNew()}, but etcd serves TLS and demands a client certificate
     * ({@code --client-cert-auth}); certificates from the certs module: a CA, etcd's serving
     * certificate for 127.0.0.1, and a client certificate ({@link #tls()}).
     */
    public static EtcdProcess startNewWithTls() {
        return startNew(true);
    }

    /** As {@link #startNew()}, with more etcd flags (e.g. {@code --max-txn-ops 8}), kept across {@link #start()}s. */
    public static EtcdProcess startNewWithFlags(String... flags) {
        return startNew(false, List.of(flags));
    }

    private static EtcdProcess startNew(boolean withTls) {
        return startNew(withTls, List.of());
    }

    /** A new etcd; one that found a port taken at start is closed, and another made on other ports (at most {@value #PORT_ATTEMPTS}). */
    private static EtcdProcess startNew(boolean withTls, List<String> flags) {
        RetryPolicy<EtcdProcess> onTakenPorts = RetryPolicy.<EtcdProcess>builder()
                .handle(PortTaken.class)
                .withMaxAttempts(PORT_ATTEMPTS)
                .build(); // no delay: the next try takes other ports
        try {
            return Failsafe.with(onTakenPorts).get(() -> {
                EtcdProcess etcd = create(withTls, flags);
                try {
                    etcd.start();
                    return etcd;
                } catch (PortTaken taken) {
                    etcd.close();
                    throw taken;
                }
            });
        } catch (PortTaken taken) {
            throw new IllegalStateException(
                    "etcd found its ports taken " + PORT_ATTEMPTS + " times; last: " + taken.getMessage());
        }
    }

    private static EtcdProcess create(boolean withTls, List<String> flags) {
        try {
            Path workDir = Files.createTempDirectory("stickyip-etcd-");
            Optional<EtcdClientTls> tls =
                    withTls ? Optional.of(EtcdCertificates.issue(workDir.resolve("tls"))) : Optional.empty();
            EtcdProcess etcd = new EtcdProcess(EtcdBinary.locate(), workDir, freePort(), freePort(), freePort(), tls);
            etcd.extraFlags = List.copyOf(flags);
            Runtime.getRuntime().addShutdownHook(etcd.killOnExit);
            return etcd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** etcd exited at start because another process bound one of its ports first. */
    private static final class PortTaken extends RuntimeException {
        PortTaken(String message) {
            super(message);
        }
    }

    /** {@code http://127.0.0.1:PORT} (or {@code https://} with TLS), the only client endpoint. */
    public String endpoint() {
        return (tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + clientPort;
    }

    /** The CA and client certificate that reach this etcd, when it serves TLS. */
    public Optional<EtcdClientTls> tls() {
        return tls;
    }

    /** (Re)starts etcd on the same ports and data directory and waits until it is healthy. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("etcd is already running at " + endpoint());
        }
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--name",
                NAME,
                "--data-dir",
                workDir.resolve("data").toString(),
                "--listen-client-urls",
                endpoint(),
                "--advertise-client-urls",
                endpoint(),
                "--listen-peer-urls",
                peer,
                "--initial-advertise-peer-urls",
                peer,
                "--initial-cluster",
                NAME + "=" + peer,
                "--listen-metrics-urls",
                metrics(),
                "--log-level",
                "warn"));
        command.addAll(extraFlags);
        tls.ifPresent(t -> command.addAll(List.of(
                "--cert-file",
                t.caFile().resolveSibling(EtcdCertificates.SERVER_CERT).toString(),
                "--key-file",
                t.caFile().resolveSibling(EtcdCertificates.SERVER_KEY).toString(),
                "--client-cert-auth",
                "--trusted-ca-file",
                t.caFile().toString())));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        Process started = process;
        try {
            await("etcd at " + endpoint() + " healthy (log: " + log() + ")")
                    .atMost(HEALTHY_WITHIN)
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("etcd exited", () -> !started.isAlive())
                    .until(this::healthy);
        } catch (TerminalFailureException exited) {
            String tail = logTail();
            String message =
                    "etcd at " + endpoint() + " exited with " + exitCode(started) + ", log " + log() + ":\n" + tail;
            throw tail.contains("address already in use")
                    ? new PortTaken(message)
                    : new IllegalStateException(message, exited);
        }
    }

    private static String exitCode(Process exited) {
        try {
            return Integer.toString(exited.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(unknown)";
        }
    }

    /** Kills etcd (SIGKILL) and waits until it is gone; data and ports are kept for {@link #start()}. */
    public synchronized void stop() {
        kill();
    }

    /** Freezes etcd (SIGSTOP): it answers nothing, and its connections stay open, until {@link #resume()}. */
    public synchronized void pause() {
        signal("-STOP");
    }

    /** Lets a paused etcd go on (SIGCONT). */
    public synchronized void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("etcd is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling etcd", e);
        }
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs (or ran) anyway
        }
        deleteRecursively(workDir);
    }

    private void kill() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            running.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing etcd at " + endpoint(), e);
        }
    }

    /** Plain HTTP /health and /metrics, also when clients must use TLS. */
    private String metrics() {
        return "http://127.0.0.1:" + metricsPort;
    }

    private boolean healthy() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(metrics() + "/health"))
                .timeout(Duration.ofSeconds(1))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"health\":\"true\"");
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path log() {
        return workDir.resolve("etcd.log");
    }

    private String logTail() {
        try (Stream<String> lines = Files.lines(log())) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * A loopback port that is free now, below Linux's ephemeral range (32768-60999 by default), so
     * that no outgoing connection of another test can take it as its local port between this check
     * and etcd's bind; a port another test took first is caught at start ({@link PortTaken}).
     */
    private static int freePort() throws IOException {
        for (int tries = 0; tries < 200; tries++) {
            int port = FIRST_PORT + RANDOM.nextInt(PORT_SPAN);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
