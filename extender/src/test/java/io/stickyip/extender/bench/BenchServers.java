package io.stickyip.extender.bench;

import io.stickyip.extender.scheduling.NodeFilter;
import io.stickyip.extender.server.ExtenderMetrics;
import io.stickyip.extender.server.ExtenderRoutes;
import io.stickyip.runtime.config.ServerConfig;
import io.stickyip.runtime.http.HttpServerVerticle;
import io.stickyip.runtime.http.Metrics;
import io.stickyip.runtime.http.Readiness;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The two servers of the benchmark, each in its own Vert.x as in its own process: the extender's
 * routes over a synthetic view, and a no-op on the same runtime server (same TLS, router, body
 * handler) that answers a fixed body without reading the call.
 */
final class BenchServers {
    static final byte[] NOOP_FILTER =
            "{\"Nodes\":null,\"NodeNames\":[],\"FailedNodes\":{},\"FailedAndUnresolvableNodes\":{},\"Error\":\"\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    static final byte[] NOOP_PRIORITIZE = "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    record Running(Vertx vertx, HttpServerVerticle server) implements AutoCloseable {
        int port() {
            return server.actualPort();
        }

        @Override
        public void close() {
            vertx.close().await();
        }
    }

    private BenchServers() {}

    static ServerConfig config(Path tls) {
        return new ServerConfig("127.0.0.1", 0, Optional.of(tls), ServerConfig.DEFAULT_MAX_BODY);
    }

    static Running extender(Path tls, SyntheticCluster cluster) {
        Metrics metrics = new Metrics();
        ExtenderRoutes routes = new ExtenderRoutes(
                cluster.view(),
                new NodeFilter("stickyip-system"),
                new ExtenderMetrics(metrics.registry()),
                Clock.systemUTC());
        return deploy(new HttpServerVerticle("extender", config(tls), routes::mount, Readiness.ALWAYS, metrics));
    }

    static Running noop(Path tls) {
        HttpServerVerticle.Routes routes = router -> {
            router.post("/filter")
                    .handler(ctx -> ctx.response()
                            .putHeader("content-type", "application/json")
                            .end(io.vertx.core.buffer.Buffer.buffer(NOOP_FILTER)));
            router.post("/prioritize")
                    .handler(ctx -> ctx.response()
                            .putHeader("content-type", "application/json")
                            .end(io.vertx.core.buffer.Buffer.buffer(NOOP_PRIORITIZE)));
        };
        return deploy(new HttpServerVerticle("noop", config(tls), routes, Readiness.ALWAYS, new Metrics()));
    }

    private static Running deploy(HttpServerVerticle server) {
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(server).await();
        return new Running(vertx, server);
    }
}
