package io.stickyip.runtime.http;

import io.vertx.ext.web.Router;

/**
 * The routes every deployable serves for operations: {@code GET /healthz} (the process answers),
 * {@code GET /readyz} (200 {@code ok}, or 503 naming what is not ready), {@code GET /metrics}
 * (Prometheus text format).
 */
public final class OpsRoutes {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private OpsRoutes() {}

    public static void mount(Router router, Readiness readiness, Metrics metrics) {
        router.get("/healthz").handler(ctx -> ctx.response().end("ok"));
        router.get("/readyz").handler(ctx -> {
            var notReady = readiness.notReady();
            ctx.response()
                    .setStatusCode(notReady.isEmpty() ? 200 : 503)
                    .end(notReady.isEmpty() ? "ok" : "not ready: " + String.join(", ", notReady));
        });
        router.get("/metrics")
                .handler(ctx -> ctx.response()
                        .putHeader("content-type", PROMETHEUS_TEXT)
                        .end(metrics.scrape()));
    }
}
