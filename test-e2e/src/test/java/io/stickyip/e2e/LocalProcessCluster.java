package io.stickyip.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.stickyip.certs.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hack/cluster up} in its own state directory ({@code .local/e2e-cluster}), so it never
 * touches a developer's cluster; {@code hack/cluster down} on close. Started once per JVM.
 */
public final class LocalProcessCluster implements ClusterHarness {
    private static final Pattern METRIC = Pattern.compile(
            "^stickyip_admission_requests_total\\{[^}]*endpoint=\"mutate\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern EXTENDER_CALLS =
            Pattern.compile("^stickyip_extender_calls_total\\{[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private final Path repo;
    private final Map<String, String> env;
    private final Map<String, String> clusterEnv;
    private final KubernetesClient client;
    private final HttpClient http;
    private final HttpClient extenderHttp;

    private LocalProcessCluster(Path repo, Map<String, String> env, Map<String, String> clusterEnv) {
        this.repo = repo;
        this.env = env;
        this.clusterEnv = clusterEnv;
        Config config = Config.fromKubeconfig(read(Path.of(clusterEnv.get("KUBECONFIG"))));
        config.setRequestTimeout(30_000);
        this.client = new KubernetesClientBuilder().withConfig(config).build();
        this.http = httpClient(Path.of(clusterEnv.get("STICKYIP_WEBHOOK_CA")));
        this.extenderHttp = httpClient(Path.of(clusterEnv.get("STICKYIP_EXTENDER_CA")));
    }

    public static LocalProcessCluster start() {
        Path repo = repoRoot();
        Map<String, String> env = new HashMap<>();
        env.put("STICKYIP_STATE", repo.resolve(".local/e2e-cluster").toString());
        env.put("STICKYIP_SKIP_BUILD", "1");
        env.put("STICKYIP_GC_GRACE", "10s");
        env.put("STICKYIP_GC_INTERVAL", "2s");
        // the agents' fence, short so the fence tests wait seconds, not a minute (docs/fencing.md)
        env.put("STICKYIP_FENCE_LEASE", "12s");
        env.put("STICKYIP_FENCE_SAFETY", "4s");
        env.put("STICKYIP_FENCE_MARGIN", "4s");
        env.put("STICKYIP_HEARTBEAT_INTERVAL", "3s");
        env.put("STICKYIP_SWEEP_INTERVAL", "20s");
        // asked for explicitly: 'up' fails (rather than quietly running none) if the host cannot
        env.put("STICKYIP_REAL_NODES", System.getProperty("stickyip.e2e.realNodes", "2"));
        run(repo, env, Duration.ofMinutes(45), "hack/cluster", "up", "--nodes", "3", "--force");
        String envFile = run(repo, env, Duration.ofMinutes(1), "hack/cluster", "env");
        return new LocalProcessCluster(repo, env, parseEnv(envFile));
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public Map<String, String> etcd(String prefix) {
        return new EtcdReader(repo, clusterEnv).read(prefix);
    }

    @Override
    public Map<String, String> etcdWithoutClientCertificate(String prefix) {
        return new EtcdReader(repo, clusterEnv).read(prefix, false);
    }

    @Override
    public String logOf(String process) {
        try {
            return Files.readString(Path.of(env.get("STICKYIP_STATE"), "logs", process + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map.Entry<Integer, String> postToWebhook(String path, String body, boolean asApiServer) {
        HttpClient through = asApiServer
                ? httpClient(
                        Path.of(clusterEnv.get("STICKYIP_WEBHOOK_CA")),
                        Path.of(clusterEnv.get("STICKYIP_WEBHOOK_CLIENT_CERT")),
                        Path.of(clusterEnv.get("STICKYIP_WEBHOOK_CLIENT_KEY")))
                : http;
        try {
            HttpResponse<String> r = through.send(
                    HttpRequest.newBuilder(URI.create(clusterEnv.get("STICKYIP_WEBHOOK_URL") + path))
                            .timeout(Duration.ofSeconds(10))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return Map.entry(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> realNodes() {
        return client.nodes().withLabel(REAL_NODE_LABEL, "true").list().getItems().stream()
                .map(n -> n.getMetadata().getName())
                .sorted()
                .toList();
    }

    @Override
    public String execOnNode(String node, String... command) {
        List<String> full = new ArrayList<>(List.of("hack/cluster", "node-exec", node, "--"));
        full.addAll(List.of(command));
        return output(repo, env, Duration.ofMinutes(1), full);
    }

    @Override
    public Map<String, String> nodeEnv(String node) {
        return parseEnv(read(Path.of(clusterEnv.get("STICKYIP_REAL_NODES_DIR"), node, "env")));
    }

    @Override
    public void stopWebhook(int replica) {
        run(repo, env, Duration.ofMinutes(1), "hack/cluster", "webhook", "stop", Integer.toString(replica));
    }

    @Override
    public void killWebhook(int replica) {
        run(repo, env, Duration.ofMinutes(1), "hack/cluster", "webhook", "kill", Integer.toString(replica));
    }

    @Override
    public void startWebhook(int replica) {
        run(repo, env, Duration.ofMinutes(2), "hack/cluster", "webhook", "start", Integer.toString(replica));
    }

    @Override
    public void stopController(int replica) {
        run(repo, env, Duration.ofMinutes(1), "hack/cluster", "controller", "stop", Integer.toString(replica));
    }

    @Override
    public void startController(int replica) {
        startController(replica, Map.of());
    }

    @Override
    public void startController(int replica, Map<String, String> extraEnv) {
        run(
                repo,
                envWith(extraEnv),
                Duration.ofMinutes(2),
                "hack/cluster",
                "controller",
                "start",
                Integer.toString(replica));
    }

    @Override
    public void startControllers(Map<String, String> extraEnv) {
        run(repo, envWith(extraEnv), Duration.ofMinutes(2), "hack/cluster", "controller", "start", "both");
    }

    @Override
    public void startWebhooks() {
        run(repo, env, Duration.ofMinutes(2), "hack/cluster", "webhook", "start", "both");
    }

    @Override
    public double mutateRequests() {
        return sum(http, METRIC, clusterEnv.get("STICKYIP_WEBHOOK_PORT_1"), clusterEnv.get("STICKYIP_WEBHOOK_PORT_2"));
    }

    @Override
    public void startWebhook(int replica, Map<String, String> extraEnv) {
        run(
                repo,
                envWith(extraEnv),
                Duration.ofMinutes(2),
                "hack/cluster",
                "webhook",
                "start",
                Integer.toString(replica));
    }

    @Override
    public void killExtender(int replica) {
        run(repo, env, Duration.ofMinutes(1), "hack/cluster", "extender", "kill", Integer.toString(replica));
    }

    @Override
    public void startExtender(int replica) {
        run(repo, env, Duration.ofMinutes(2), "hack/cluster", "extender", "start", Integer.toString(replica));
    }

    @Override
    public double extenderCalls() {
        return sum(
                extenderHttp,
                EXTENDER_CALLS,
                clusterEnv.get("STICKYIP_EXTENDER_PORT_1"),
                clusterEnv.get("STICKYIP_EXTENDER_PORT_2"));
    }

    /** The sum of a metric's samples over the replicas listening on {@code ports}. */
    private static double sum(HttpClient client, Pattern metric, String... ports) {
        double total = 0;
        for (String port : ports) {
            try {
                String body = client.send(
                                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/metrics"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                Matcher m = metric.matcher(body);
                while (m.find()) {
                    total += Double.parseDouble(m.group(1));
                }
            } catch (IOException e) {
                throw new IllegalStateException("replica on port " + port + " does not answer /metrics", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return total;
    }

    @Override
    public Map<String, String> clusterEnv() {
        return Map.copyOf(clusterEnv);
    }

    @Override
    public void agent(String action, String node, Map<String, String> extraEnv) {
        run(repo, envWith(extraEnv), Duration.ofMinutes(2), "hack/cluster", "agent", action, node);
    }

    @Override
    public String lanExec(String... command) {
        List<String> full = new ArrayList<>(List.of("hack/cluster", "lan-exec", "--"));
        full.addAll(List.of(command));
        return output(repo, env, Duration.ofMinutes(1), full);
    }

    @Override
    public String webhookCaPem() {
        return read(Path.of(clusterEnv.get("STICKYIP_WEBHOOK_CA")));
    }

    @Override
    public String applyWebhookCertificates() {
        Path stickyip = Path.of(env.get("STICKYIP_STATE"), "stickyip");
        String java = ProcessHandle.current().info().command().orElse("java");
        return run(
                repo,
                env,
                Duration.ofMinutes(1),
                java,
                "-jar",
                stickyip.resolve("bin/stickyip-certs.jar").toString(),
                "apply",
                "--dir",
                stickyip.resolve("tls").toString(),
                "--namespace",
                "stickyip-system",
                "--secret",
                "stickyip-webhook-tls",
                "--mutating-webhook",
                "stickyip",
                "--validating-webhook",
                "stickyip",
                "--kubeconfig",
                clusterEnv.get("KUBECONFIG"));
    }

    @Override
    public void close() {
        client.close();
        keepLogs();
        if (!"1".equals(System.getenv("STICKYIP_E2E_KEEP"))) {
            run(repo, env, Duration.ofMinutes(2), "hack/cluster", "down");
        }
    }

    /** Copies the processes' logs to target/cluster-logs before 'down' removes the state dir. */
    private void keepLogs() {
        Path logs = Path.of(env.get("STICKYIP_STATE"), "logs");
        Path target = Path.of("target", "cluster-logs").toAbsolutePath();
        try (var files = Files.list(logs)) {
            Files.createDirectories(target);
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("could not keep the cluster logs: " + e.getMessage());
        }
    }

    /** Runs a command; its stdout and stderr together are returned and copied to our stderr. */
    static String run(Path repo, Map<String, String> env, Duration timeout, String... command) {
        String out = exec(repo, env, timeout, List.of(command), true);
        System.err.print(out);
        return out;
    }

    /** Runs a command and returns its standard output alone (its standard error goes to ours). */
    static String output(Path repo, Map<String, String> env, Duration timeout, List<String> command) {
        return exec(repo, env, timeout, command, false);
    }

    private static String exec(
            Path repo, Map<String, String> env, Duration timeout, List<String> command, boolean withStderr) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile());
            if (withStderr) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            }
            pb.environment().putAll(env);
            Path log = Files.createTempFile("stickyip-e2e-", ".out");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String out = Files.readString(log);
            Files.delete(log);
            if (!done) {
                throw new IllegalStateException(
                        String.join(" ", command) + " did not finish within " + timeout + "; output:\n" + out);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed with exit " + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> parseEnv(String text) {
        Map<String, String> m = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("export ") && line.contains("=")) {
                String kv = line.substring("export ".length());
                String value = kv.substring(kv.indexOf('=') + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                m.put(kv.substring(0, kv.indexOf('=')), value);
            }
        }
        return m;
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("hack/cluster"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (hack/cluster) above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trusts the webhook's CA and presents the client certificate in {@code cert}/{@code key} (PEM). */
    private static HttpClient httpClient(Path ca, Path cert, Path key) {
        return HttpClient.newBuilder()
                .sslContext(WebhookWire.tls(ca, cert, key))
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    private static HttpClient httpClient(Path ca) {
        return HttpClient.newBuilder()
                .sslContext(TestPki.trusting(ca, Optional.empty()))
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    /** The cluster's environment with further variables, for a replica or agent started again with them. */
    private Map<String, String> envWith(Map<String, String> extraEnv) {
        Map<String, String> withExtra = new HashMap<>(env);
        withExtra.putAll(extraEnv);
        return withExtra;
    }
}
