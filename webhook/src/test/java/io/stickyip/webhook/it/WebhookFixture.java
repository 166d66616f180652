package io.stickyip.webhook.it;

import io.stickyip.certs.issue.KeyedCertificate;
import io.stickyip.certs.store.CertificateDirectory;
import io.stickyip.certs.testing.TestPki;
import io.stickyip.runtime.config.SealKeyConfig;
import io.stickyip.runtime.lifecycle.Deployed;
import io.stickyip.runtime.testing.TestSealKeys;
import io.stickyip.webhook.Main;
import io.stickyip.webhook.WebhookConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook started in-process exactly as {@code java -jar} would start it (same {@link Main#start}),
 * on a free loopback port, with real certificates from the certs module and pools from a file. It
 * requires client certificates from its own callers' CA ({@code STICKYIP_CLIENT_CA_FILE}), as the
 * local cluster does; {@link #httpClient()} presents one, as the API server would.
 */
public final class WebhookFixture implements AutoCloseable {
    public static final String POOLS = """
            apiVersion: stickyip.io/v1alpha1
            kind: IPPool
            metadata: {name: demo}
            spec:
              cidr: 10.77.0.0/24
              gateway: 10.77.0.1
              namespaces: [default, shop]
            ---
            apiVersion: stickyip.io/v1alpha1
            kind: IPPool
            metadata: {name: fixed}
            spec:
              cidr: 10.66.0.0/24
              gateway: 10.66.0.1
              namespaces: [default, shop]
            ---
            apiVersion: stickyip.io/v1alpha1
            kind: IPPool
            metadata: {name: public-eu}
            spec:
              ranges: ["203.0.113.10-203.0.113.20"]
              namespaces: [prod]
            ---
            apiVersion: stickyip.io/v1alpha1
            kind: IPPool
            metadata: {name: v6}
            spec:
              cidr: 2001:db8:77::/120
            ---
            apiVersion: stickyip.io/v1alpha1
            kind: IPPool
            metadata: {name: small}
            spec:
              ranges: ["10.99.0.1-10.99.0.50"]
            ---
            apiVersion: stickyip.io/v1alpha1
            kind: IPPool
            metadata: {name: nodes}
            spec:
              cidr: 198.51.100.0/28
              scope: Node
            ---
            apiVersion: stickyip.io/v1alpha1
            kind: IPPool
            metadata: {name: lan}
            spec:
              cidr: 198.51.100.64/28
              dns:
                nameservers: [198.51.100.53]
                search: [lan.example]
                options: [{name: ndots, value: "2"}]
            ---
            apiVersion: stickyip.io/v1alpha1
            kind: IPPool
            metadata: {name: lan6}
            spec:
              cidr: 2001:db8:53::/120
              dns:
                nameservers: ["2001:db8:53::53"]
                search: [lan.example, v6.lan.example]
            """;

    /** The fixture's CAs (serving and callers') live ten years. */
    static final Duration CA_VALIDITY = Duration.ofDays(3650);

    private final Path dir;
    private final Map<String, String> env;
    private Deployed running;
    private HttpClient client;

    private WebhookFixture(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** A webhook against the given etcd endpoint and key prefix. */
    public static WebhookFixture start(String etcdEndpoint, String prefix) {
        return start(etcdEndpoint, prefix, Map.of());
    }

    /** As {@link #start(String, String)}, with further environment settings. */
    public static WebhookFixture start(String etcdEndpoint, String prefix, Map<String, String> extraEnv) {
        try {
            Path dir = Files.createTempDirectory("stickyip-webhook-it-");
            issueCertificates(dir.resolve("tls"));
            issueCallerCertificates(dir.resolve("callers-ca"), dir.resolve("caller"), "kube-apiserver");
            Files.writeString(dir.resolve("pools.yaml"), POOLS);
            Map<String, String> env = new HashMap<>();
            env.put("STICKYIP_HOST", "127.0.0.1");
            env.put("STICKYIP_PORT", "0");
            env.put("STICKYIP_CERT_DIR", dir.resolve("tls").toString());
            env.put("STICKYIP_ETCD_ENDPOINTS", etcdEndpoint);
            if (etcdEndpoint.startsWith("http://")) {
                env.put("STICKYIP_ETCD_PLAINTEXT", "true");
            }
            env.put("STICKYIP_ETCD_PREFIX", prefix);
            env.put("STICKYIP_ETCD_TIMEOUT", "1500ms");
            env.put("STICKYIP_POOLS_FILE", dir.resolve("pools.yaml").toString());
            env.put("STICKYIP_MAX_BODY_BYTES", "262144");
            env.put("STICKYIP_CLIENT_CA_FILE", dir.resolve("callers-ca/ca.crt").toString());
            env.put(
                    SealKeyConfig.SIGNING_KEY,
                    TestSealKeys.write(dir.resolve("seal")).get(SealKeyConfig.SIGNING_KEY));
            env.putAll(extraEnv);
            WebhookFixture f = new WebhookFixture(dir, env);
            f.restart();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A second webhook sharing this one's certificates, pools, etcd and prefix (another replica). */
    public WebhookFixture replica() {
        WebhookFixture f = new WebhookFixture(dir, env);
        f.restart();
        return f;
    }

    public static void issueCertificates(Path tlsDir) {
        issueCertificates(tlsDir, Clock.systemUTC(), Duration.ofDays(7));
    }

    /** A CA valid for ten years and a serving certificate issued at {@code clock}'s time. */
    public static void issueCertificates(Path tlsDir, Clock clock, Duration servingValidity) {
        new TestPki(clock).writeLoopback(tlsDir, CA_VALIDITY, servingValidity);
    }

    /**
     * A CA for callers in {@code caDir} (ca.crt, ca.key) and a client certificate for {@code name}
     * signed by it in {@code clientDir} (ca.crt, tls.crt, tls.key), as {@code stickyip-certs client} writes them.
     */
    public static void issueCallerCertificates(Path caDir, Path clientDir, String name) {
        TestPki pki = new TestPki();
        KeyedCertificate ca = pki.ca(CA_VALIDITY);
        new CertificateDirectory(caDir).writeCa(ca);
        pki.writeClient(clientDir, ca, name);
    }

    /** A client certificate for {@code name} in {@code clientDir}, signed by this fixture's callers' CA. */
    public void issueFromCallersCa(Path clientDir, String name) {
        KeyedCertificate ca =
                new CertificateDirectory(dir.resolve("callers-ca")).readCa().orElseThrow();
        new TestPki().writeClient(clientDir, ca, name);
    }

    /** Stops the webhook if it runs, and starts it again with the same configuration. */
    public void restart() {
        stop();
        running = Main.start(WebhookConfig.fromMap(env));
        client = httpClient();
    }

    public void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    public Path tlsDir() {
        return dir.resolve("tls");
    }

    public int port() {
        return running.port();
    }

    public URI uri(String path) {
        return URI.create("https://127.0.0.1:" + port() + path);
    }

    /**
     * A client that trusts only the CA in the fixture's tls dir (hostname checked against
     * 127.0.0.1) and presents the callers' client certificate, as the API server does.
     */
    public HttpClient httpClient() {
        return httpClient(Optional.of(dir.resolve("caller")));
    }

    /**
     * A client trusting the fixture's CA that presents the client certificate in {@code clientDir}
     * (tls.crt, tls.key), or none.
     */
    public HttpClient httpClient(Optional<Path> clientDir) {
        return HttpClient.newBuilder()
                .sslContext(TestPki.trusting(tlsDir().resolve("ca.crt"), clientDir))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public Path dir() {
        return dir;
    }

    /** Like {@link #post(String, String)} through the given client. */
    public HttpResponse<String> post(HttpClient through, String path, String body) throws IOException {
        try {
            return through.send(
                    HttpRequest.newBuilder(uri(path))
                            .timeout(Duration.ofSeconds(20))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> post(String path, String body) {
        try {
            return client.send(
                    HttpRequest.newBuilder(uri(path))
                            .timeout(Duration.ofSeconds(20))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String get(String path) {
        try {
            return client.send(
                            HttpRequest.newBuilder(uri(path))
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
