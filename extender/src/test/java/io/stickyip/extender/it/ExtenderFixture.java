package io.stickyip.extender.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.stickyip.certs.testing.TestPki;
import io.stickyip.extender.ExtenderConfig;
import io.stickyip.extender.Main;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.lifecycle.Deployed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The extender started in-process as {@code java -jar} starts it ({@link Main#start}), on a free
 * loopback port, over HTTPS with certificates from the certs module or over plain HTTP, against
 * the API server {@code api} points at.
 */
final class ExtenderFixture implements AutoCloseable {
    private final Deployed running;
    private final HttpClient http;
    private final String scheme;

    private ExtenderFixture(Deployed running, HttpClient http, String scheme) {
        this.running = running;
        this.http = http;
        this.scheme = scheme;
    }

    static ExtenderFixture https(KubernetesClient api) {
        try {
            Path tls = Files.createTempDirectory("stickyip-extender-it-");
            new TestPki().writeLoopback(tls, Duration.ofDays(30), Duration.ofDays(7));
            return start(
                    api,
                    Map.of("STICKYIP_CERT_DIR", tls.toString()),
                    TestPki.httpsClient(tls.resolve("ca.crt")),
                    "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExtenderFixture http(KubernetesClient api) {
        return start(
                api,
                Map.of(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                "http");
    }

    private static ExtenderFixture start(
            KubernetesClient api, Map<String, String> extra, HttpClient http, String scheme) {
        Map<String, String> env = new HashMap<>(Map.of(
                "STICKYIP_HOST",
                "127.0.0.1",
                "STICKYIP_PORT",
                "0",
                "STICKYIP_AGENT_LEASE_NAMESPACE",
                "stickyip-system"));
        env.putAll(extra);
        KubernetesClient own =
                new KubernetesClientBuilder().withConfig(api.getConfiguration()).build();
        return new ExtenderFixture(Main.start(ExtenderConfig.fromEnv(new Env(env)), own), http, scheme);
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + running.port() + path);
    }

    @Override
    public void close() {
        running.close();
    }
}
