package io.stickyip.webhook.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The webhook as a process of its own: {@code java io.stickyip.webhook.Main} on this JVM's class
 * path with the given environment (what {@code java -jar stickyip-webhook.jar} runs), its output to
 * a log file. Waits until {@code /readyz} answers 200; {@link #close()} stops it (SIGTERM, then kill).
 */
final class WebhookProcess implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final Process process;
    private final int port;

    private WebhookProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static WebhookProcess start(Map<String, String> env, Path log) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        String opts = System.getenv().getOrDefault("BENCH_WEBHOOK_JAVA_OPTS", "");
        if (!opts.isBlank()) {
            command.addAll(1, List.of(opts.trim().split("\\s+")));
        }
        command.add("io.stickyip.webhook.Main");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(process::destroyForcibly)); // the load JVM killed: the webhook goes too
        WebhookProcess webhook = new WebhookProcess(process, Integer.parseInt(env.get("STICKYIP_PORT")));
        boolean ready = false;
        try {
            webhook.awaitReady(Path.of(env.get("STICKYIP_CERT_DIR")).resolve("ca.crt"), log);
            ready = true;
        } finally {
            if (!ready) { // whatever was thrown (Vert.x rethrows checked causes too): never leave the process behind
                webhook.close();
            }
        }
        return webhook;
    }

    /** Polls {@code /readyz} (no client certificate needed there), a bounded number of times. */
    private void awaitReady(Path ca, Path log) throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setSsl(true)
                    .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
                    .setVerifyHost(true));
            long deadline = System.nanoTime() + READY_WITHIN.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the webhook exited (" + process.exitValue() + "); see " + log);
                }
                int status = client.request(HttpMethod.GET, port, "127.0.0.1", "/readyz")
                        .compose(r -> r.send())
                        .map(r -> r.statusCode())
                        .otherwise(-1) // not listening yet
                        .await();
                if (status == 200) {
                    return;
                }
                process.waitFor(
                        200, TimeUnit.MILLISECONDS); // a wait on the process, not a sleep: returns early if it dies
            }
            throw new IllegalStateException("the webhook was not ready within " + READY_WITHIN + "; see " + log);
        } finally {
            vertx.close().await();
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    /** VmRSS of the webhook process in MiB, -1 if unreadable. */
    long rssMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
                    .findFirst()
                    .orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
