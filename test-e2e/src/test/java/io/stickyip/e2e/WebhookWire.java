package io.stickyip.e2e;

import io.stickyip.certs.testing.TestPki;
import io.stickyip.runtime.http.RawClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The webhook reached below the API server, as the API server reaches it: through its address
 * ({@code STICKYIP_WEBHOOK_URL}, HAProxy passing TLS through) with the API server's client
 * certificate; and each replica's {@code /metrics} on its own port.
 */
final class WebhookWire implements AutoCloseable {
    private static final Pattern ADMISSION_SERIES =
            Pattern.compile("^stickyip_admission_requests_total\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private final Map<String, String> env;
    private final SSLContext tls;
    private final HttpClient http;

    WebhookWire(Map<String, String> clusterEnv) {
        this.env = clusterEnv;
        this.tls = tls(
                Path.of(env.get("STICKYIP_WEBHOOK_CA")),
                Path.of(env.get("STICKYIP_WEBHOOK_CLIENT_CERT")),
                Path.of(env.get("STICKYIP_WEBHOOK_CLIENT_KEY")));
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    /** Trusts the CA in {@code ca} and presents the client certificate in {@code cert}/{@code key} (PEM). */
    static SSLContext tls(Path ca, Path cert, Path key) {
        return TestPki.presenting(ca, cert, key);
    }

    /** A bare TLS connection to the webhook's address, presenting the API server's certificate (handshake done). */
    RawClient connect() throws IOException {
        URI url = URI.create(env.get("STICKYIP_WEBHOOK_URL"));
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(url.getHost(), url.getPort());
        socket.startHandshake();
        return RawClient.over(socket);
    }

    /** POSTs {@code body} to the webhook's address as the API server; the status code. */
    int post(String path, String body) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create(env.get("STICKYIP_WEBHOOK_URL") + path))
                                .timeout(Duration.ofSeconds(10))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * The series of {@code stickyip_admission_requests_total} of both replicas: each label set (as the
     * exposition writes it, e.g. {@code endpoint="mutate",kind="pod",result="denied"}) with its count summed
     * over the replicas.
     */
    Map<String, Double> admissionSeries() throws IOException, InterruptedException {
        Map<String, Double> series = new TreeMap<>();
        for (String port : new String[] {env.get("STICKYIP_WEBHOOK_PORT_1"), env.get("STICKYIP_WEBHOOK_PORT_2")}) {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/metrics"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = ADMISSION_SERIES.matcher(body);
            while (m.find()) {
                series.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return series;
    }

    @Override
    public void close() {
        http.close();
    }
}
