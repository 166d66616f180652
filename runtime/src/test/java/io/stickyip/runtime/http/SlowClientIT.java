package io.stickyip.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stickyip.runtime.config.ServerConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client that sends slowly or not at all holds a connection only for a bounded time; a normal one is served. */
class SlowClientIT {
    static final String BODY = "x".repeat(2000);
    final Vertx vertx = Vertx.vertx();
    final Metrics metrics = new Metrics();
    HttpServerVerticle server;

    @AfterEach
    void stop() {
        vertx.close().await();
        metrics.close();
    }

    void start(ServerConfig config) {
        server = new HttpServerVerticle(
                "test",
                config,
                router -> router.post("/echo")
                        .handler(ctx -> ctx.response().end(ctx.body().asString())),
                Readiness.ALWAYS,
                metrics);
        vertx.deployVerticle(server).await();
    }

    static String post(String body) {
        return "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void aBodyTrickledSlowerThanTheDefaultBoundIsCutOffWithinIt() throws Exception {
        start(new ServerConfig("127.0.0.1", 0, Optional.empty(), 4096));
        try (RawClient normal = new RawClient(server.actualPort());
                RawClient slow = new RawClient(server.actualPort())) {
            normal.send(post("hello"));
            await().atMost(Duration.ofSeconds(5)).until(() -> normal.received().endsWith("hello"));
            assertThat(normal.received()).startsWith("HTTP/1.1 200");

            long started = System.nanoTime();
            slow.trickle(post(BODY), 10); // 100 bytes/s: 20 s for the body alone
            await().atMost(Duration.ofSeconds(15)).until(slow.closedByServer::isDone);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(13));
            assertThat(slow.received()).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleBound() throws Exception {
        start(new ServerConfig("127.0.0.1", 0, Optional.empty(), 4096, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        try (RawClient client = new RawClient(server.actualPort())) {
            long started = System.nanoTime();
            client.send(post("hello"));
            await().atMost(Duration.ofSeconds(5)).until(() -> client.received().endsWith("hello"));
            assertThat(client.closedByServer).as("kept alive after the answer").isNotDone();

            await().atMost(Duration.ofSeconds(6)).until(client.closedByServer::isDone);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void headersTrickledForLongerThanTheIdleBoundCloseTheConnection() throws Exception {
        start(new ServerConfig("127.0.0.1", 0, Optional.empty(), 4096, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        try (RawClient client = new RawClient(server.actualPort())) {
            client.trickle(
                    "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "p".repeat(200), 20); // ~5 s of headers

            await().atMost(Duration.ofSeconds(5)).until(client.closedByServer::isDone);
            assertThat(client.received()).isEmpty();
        }
    }

    @Test
    void aSecondRequestOnAKeptAliveConnectionHasItsOwnReadBound() throws Exception {
        start(new ServerConfig("127.0.0.1", 0, Optional.empty(), 4096, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        try (RawClient client = new RawClient(server.actualPort())) {
            client.send(post("hello"));
            await().atMost(Duration.ofSeconds(5)).until(() -> client.received().endsWith("hello"));

            client.trickle(post(BODY), 10);

            await().atMost(Duration.ofSeconds(5)).until(client.closedByServer::isDone);
            assertThat(client.received()).contains("HTTP/1.1 408");
        }
    }
}
