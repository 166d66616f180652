package io.stickyip.aws.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * moto's server ({@code moto_server}) on 127.0.0.1 and a free port, for the ITs: {@link #start()}
 * waits until it answers, {@link #reset()} empties its state between tests ({@code POST
 * /moto-api/reset}), {@link #close()} kills it. The script is found, first match wins: system
 * property {@value #PROPERTY}, environment {@value #ENV}, or {@code hack/build-tools path
 * moto_server} from the repository root (installs moto into the cache on first use).
 */
public final class MotoServer implements AutoCloseable {

    public static final String PROPERTY = "stickyip.moto.server";
    public static final String ENV = "STICKYIP_MOTO_SERVER";
    private static final Duration UP_WITHIN = Duration.ofSeconds(60);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Process process;
    private final Path log;
    private final int port;

    private MotoServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static MotoServer start() {
        try {
            Path script = locate();
            int port = freePort();
            Path log = Files.createTempFile("stickyip-moto-", ".log");
            Process p = new ProcessBuilder(script.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer moto = new MotoServer(p, log, port);
            await("moto at " + moto.endpoint() + " (log " + log + ")")
                    .atMost(UP_WITHIN)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("moto exited: " + log, () -> !p.isAlive())
                    .until(moto::answers);
            return moto;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Forgets every resource (moto's reset API). */
    public void reset() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean answers() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                                            .timeout(Duration.ofSeconds(1))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path locate() throws IOException {
        Optional<String> configured = Optional.ofNullable(System.getProperty(PROPERTY))
                .map(String::strip)
                .filter(s -> !s.isEmpty() && !s.startsWith("${"))
                .or(() -> Optional.ofNullable(System.getenv(ENV))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty()));
        if (configured.isPresent()) {
            return executable(Path.of(configured.get()));
        }
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isExecutable(root.resolve("hack/build-tools"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException(
                    "no moto_server: set -D" + PROPERTY + " or $" + ENV + ", or run inside the repository");
        }
        Process p = new ProcessBuilder(root.resolve("hack/build-tools").toString(), "path", "moto_server")
                .directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException(
                        "hack/build-tools path moto_server failed (exit " + p.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> lines = out.lines().toList();
        return executable(Path.of(lines.get(lines.size() - 1)));
    }

    private static Path executable(Path p) {
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("moto_server " + p + " is not an executable file");
        }
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
