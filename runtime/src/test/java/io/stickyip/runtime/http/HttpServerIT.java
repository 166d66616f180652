package io.stickyip.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.testing.TestPki;
import io.stickyip.runtime.config.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server verticle over real HTTP and HTTPS on loopback. */
class HttpServerIT {
    static final TestPki PKI = new TestPki();
    static final Duration CA_VALIDITY = Duration.ofDays(30);
    static final Duration SERVING_VALIDITY = Duration.ofDays(7);

    final Vertx vertx = Vertx.vertx();
    final Metrics metrics = new Metrics();
    HttpServerVerticle server;

    @AfterEach
    void stop() {
        vertx.close().await();
        metrics.close();
    }

    HttpServerVerticle start(Optional<Path> certDir, Readiness readiness) {
        server = new HttpServerVerticle(
                "test",
                new ServerConfig("127.0.0.1", 0, certDir, 2048),
                router -> router.post("/echo")
                        .handler(ctx -> ctx.response().end(ctx.body().asString())),
                readiness,
                metrics);
        vertx.deployVerticle(server).await();
        return server;
    }

    HttpResponse<String> send(HttpClient client, String scheme, HttpRequest.Builder request, String path)
            throws IOException, InterruptedException {
        return client.send(
                request.uri(URI.create(scheme + "://127.0.0.1:" + server.actualPort() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> http(HttpRequest.Builder request, String path) throws IOException, InterruptedException {
        return send(HttpClient.newHttpClient(), "http", request, path);
    }

    @Test
    void servesTheDeployablesRoutesAndTheOpsRoutesOverPlainHttp() throws Exception {
        AtomicBoolean synced = new AtomicBoolean();
        start(Optional.empty(), Readiness.check("informer pods", synced::get).and(Readiness.ALWAYS));

        assertThat(http(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("hello")), "/echo")
                        .body())
                .isEqualTo("hello");
        assertThat(http(HttpRequest.newBuilder(), "/healthz").body()).isEqualTo("ok");
        HttpResponse<String> notReady = http(HttpRequest.newBuilder(), "/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("not ready: informer pods");
        synced.set(true);
        assertThat(http(HttpRequest.newBuilder(), "/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> scrape = http(HttpRequest.newBuilder(), "/metrics");
        assertThat(scrape.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void refusesAnOversizeBodyWith413AsAJsonStatus() throws Exception {
        start(Optional.empty(), Readiness.ALWAYS);

        HttpResponse<String> r =
                http(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("x".repeat(4096))), "/echo");

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        JsonObject status = new JsonObject(r.body());
        assertThat(status.getString("kind")).isEqualTo("Status");
        assertThat(status.getInteger("code")).isEqualTo(413);
        assertThat(status.getString("reason")).isEqualTo("RequestEntityTooLarge");
        assertThat(status.getString("message")).isEqualTo("request body larger than 2048 bytes");
    }

    @Test
    void aGuardAnswersBeforeTheBodyIsRead() throws Exception {
        java.util.concurrent.atomic.AtomicInteger bodiesRead = new java.util.concurrent.atomic.AtomicInteger();
        server = new HttpServerVerticle(
                "test",
                new ServerConfig("127.0.0.1", 0, Optional.empty(), 2048),
                new HttpServerVerticle.Routes() {
                    @Override
                    public void mount(io.vertx.ext.web.Router router) {
                        router.post("/echo").handler(ctx -> {
                            bodiesRead.incrementAndGet();
                            ctx.response().end(ctx.body().asString());
                        });
                    }

                    @Override
                    public void guard(io.vertx.ext.web.Router router) {
                        router.post().handler(ctx -> {
                            if (ctx.request().getHeader("x-caller") == null) {
                                ctx.response().setStatusCode(401).end("who are you");
                            } else {
                                ctx.next();
                            }
                        });
                    }
                },
                Readiness.ALWAYS,
                metrics);
        vertx.deployVerticle(server).await();

        HttpResponse<String> refused =
                http(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("x".repeat(4096))), "/echo");
        HttpResponse<String> allowed = http(
                HttpRequest.newBuilder()
                        .header("x-caller", "apiserver")
                        .POST(HttpRequest.BodyPublishers.ofString("hello")),
                "/echo");

        assertThat(refused.statusCode())
                .as("401, not 413: the guard ran before the body was read")
                .isEqualTo(401);
        assertThat(allowed.body()).isEqualTo("hello");
        assertThat(bodiesRead).hasValue(1);
    }

    @Test
    void anUnknownPathOrMethodIsAJsonStatusToo() throws Exception {
        start(Optional.empty(), Readiness.ALWAYS);

        HttpResponse<String> missing = http(HttpRequest.newBuilder(), "/nowhere");
        HttpResponse<String> wrongMethod = http(HttpRequest.newBuilder(), "/echo");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(missing.body()).getString("reason")).isEqualTo("NotFound");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(new JsonObject(wrongMethod.body()).getString("message")).isEqualTo("method not allowed");
    }

    @Test
    void aRouteThatThrowsIsA500StatusWithoutTheStackTrace() throws Exception {
        server = new HttpServerVerticle(
                "test",
                new ServerConfig("127.0.0.1", 0, Optional.empty(), 2048),
                router -> router.get("/boom").handler(ctx -> {
                    throw new IllegalStateException("secret detail");
                }),
                Readiness.ALWAYS,
                metrics);
        vertx.deployVerticle(server).await();

        HttpResponse<String> r = http(HttpRequest.newBuilder(), "/boom");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(new JsonObject(r.body()).getString("message")).isEqualTo("request failed");
        assertThat(r.body()).doesNotContain("secret detail");
    }

    @Test
    void servesHttpsAndSwapsARotatedCertificateWithoutARestart(@TempDir Path dir) throws Exception {
        IssuedCertificates first = PKI.writeLoopback(dir, CA_VALIDITY, SERVING_VALIDITY);
        start(Optional.of(dir), Readiness.ALWAYS);
        assertThat(servedSerial(TestPki.httpsClient(dir.resolve("ca.crt"))))
                .isEqualTo(first.serving().certificate().getSerialNumber());

        IssuedCertificates second =
                PKI.writeLoopback(dir, CA_VALIDITY, SERVING_VALIDITY); // a new CA and serving certificate
        HttpClient newTrust = TestPki.httpsClient(dir.resolve("ca.crt"));

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(servedSerial(newTrust))
                        .isEqualTo(second.serving().certificate().getSerialNumber()));
    }

    @Test
    void keepsServingTheLastGoodCertificateWhenTheFilesBreak(@TempDir Path dir) throws Exception {
        IssuedCertificates good = PKI.writeLoopback(dir, CA_VALIDITY, SERVING_VALIDITY);
        start(Optional.of(dir), Readiness.ALWAYS);
        Path other = Files.createTempDirectory(dir, "other");
        PKI.writeLoopback(other, CA_VALIDITY, SERVING_VALIDITY);
        Files.copy(other.resolve("tls.key"), dir.resolve("tls.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        // two certificate checks later, a fresh client still gets the good certificate
        await().pollDelay(HttpServerVerticle.CERT_CHECK.multipliedBy(2))
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(servedSerial(TestPki.httpsClient(dir.resolve("ca.crt"))))
                        .isEqualTo(good.serving().certificate().getSerialNumber()));
    }

    @Test
    void letsARequestInFlightFinishWhenStopped() throws Exception {
        AtomicBoolean arrived = new AtomicBoolean();
        server = new HttpServerVerticle(
                "test",
                new ServerConfig("127.0.0.1", 0, Optional.empty(), 2048),
                router -> router.get("/slow").handler(ctx -> {
                    arrived.set(true);
                    ctx.vertx().setTimer(1000, id -> ctx.response().end("done"));
                }),
                Readiness.ALWAYS,
                metrics);
        vertx.deployVerticle(server).await();
        var inFlight = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/slow"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).untilTrue(arrived);

        vertx.undeploy(vertx.deploymentIDs().iterator().next()).await();

        assertThat(inFlight.get().body()).isEqualTo("done");
    }

    @Test
    void refusesToStartWithoutACertificateNamingTheFile(@TempDir Path dir) {
        server = new HttpServerVerticle(
                "test",
                new ServerConfig("127.0.0.1", 0, Optional.of(dir), 2048),
                HttpServerVerticle.Routes.NONE,
                Readiness.ALWAYS,
                metrics);

        assertThatThrownBy(() -> vertx.deployVerticle(server).await())
                .hasMessageContaining("no usable TLS certificate in " + dir)
                .hasMessageContaining("ca.crt");
    }

    private java.math.BigInteger servedSerial(HttpClient client) throws IOException, InterruptedException {
        HttpResponse<String> r = send(client, "https", HttpRequest.newBuilder(), "/healthz");
        return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
    }
}
