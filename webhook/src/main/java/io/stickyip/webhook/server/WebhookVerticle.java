package io.stickyip.webhook.server;

import io.stickyip.webhook.admission.AdmissionDecision;
import io.stickyip.webhook.admission.AdmissionReviews;
import io.stickyip.webhook.admission.CallerAuth;
import io.stickyip.webhook.admission.CallerCheck;
import io.stickyip.webhook.admission.MalformedReviewException;
import io.stickyip.webhook.admission.ParsedReview;
import io.stickyip.webhook.admission.PodAdmission;
import io.stickyip.webhook.admission.ValidationAdmission;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * The HTTPS server: {@code POST /mutate} (Pods), {@code POST /validate} (Deployments,
 * StatefulSets, IPPools), {@code /healthz}, {@code /readyz}, {@code /metrics}. The serving
 * certificate is re-read when its files change, without a restart.
 */
public final class WebhookVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookVerticle.class);
    static final long CERT_CHECK_MS = 5_000;

    /** Everything the server needs, wired by Main. */
    public record Services(AdmissionReviews reviews, PodAdmission pods, ValidationAdmission validation,
                           WebhookMetrics metrics, BooleanSupplier ready, CallerAuth callers) { }

    private final String host;
    private final int port;
    private final int maxBodyBytes;
    private final TlsFiles tls;
    private final Services services;
    private HttpServer server;
    private String certFingerprint;

    public WebhookVerticle(String host, int port, int maxBodyBytes, TlsFiles tls, Services services) {
        this.host = host;
        this.port = port;
        this.maxBodyBytes = maxBodyBytes;
        this.tls = tls;
        this.services = services;
    }

    @Override
    public Future<?> start() throws IOException {
        tls.requirePresent();
        certFingerprint = tls.fingerprint();
        HttpServerOptions options = services.callers().apply(new HttpServerOptions().setSsl(true).setHost(host).setPort(port)
                .setKeyCertOptions(tls.sslOptions().getKeyCertOptions()).setUseAlpn(true).setIdleTimeout(120));
        server = vertx.createHttpServer(options).requestHandler(router());
        vertx.setPeriodic(CERT_CHECK_MS, id -> reloadCertificateIfChanged());
        return server.listen().onSuccess(s -> LOG.info("webhook listening https://{}:{}", host, s.actualPort()));
    }

    /** The bound port (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.post().handler(new CallerCheck(services.callers(), services.reviews())); // before the body is read
        router.post().handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        router.post("/mutate").handler(ctx -> review(ctx, "mutate"));
        router.post("/validate").handler(ctx -> review(ctx, "validate"));
        router.get("/healthz").handler(ctx -> ctx.response().end("ok"));
        router.get("/readyz").handler(ctx -> {
            boolean ready = services.ready().getAsBoolean();
            ctx.response().setStatusCode(ready ? 200 : 503).end(ready ? "ok" : "not ready");
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(services.metrics().scrape()));
        router.route().failureHandler(this::failure);
        return router;
    }

    private void review(RoutingContext ctx, String endpoint) {
        long start = System.nanoTime();
        ParsedReview review;
        try {
            review = services.reviews().parse(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (MalformedReviewException e) {
            LOG.info("bad request endpoint={} remote={} reason=\"{}\"", endpoint, ctx.request().remoteAddress(), e.getMessage());
            services.metrics().admission(endpoint, "unknown", "bad_request", Duration.ofNanos(System.nanoTime() - start));
            ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
                    .end(Buffer.buffer(services.reviews().badRequest(e.getMessage())));
            return;
        }
        CompletionStage<AdmissionDecision> decision = endpoint.equals("mutate") ? mutate(review)
                : CompletableFuture.completedFuture(services.validation().admit(review));
        Future.fromCompletionStage(decision, vertx.getOrCreateContext())
                .recover(err -> {
                    LOG.error("admission failed uid={} object={}", review.uid(), review.objectRef(), err);
                    return Future.succeededFuture(AdmissionDecision.Deny.unavailable("stickyip: internal error: " + err));
                })
                .onSuccess(d -> {
                    services.metrics().admission(endpoint, review.kind(), result(d), Duration.ofNanos(System.nanoTime() - start));
                    ctx.response().putHeader("content-type", "application/json")
                            .end(Buffer.buffer(services.reviews().respond(review.uid(), d)));
                });
    }

    private CompletionStage<AdmissionDecision> mutate(ParsedReview review) {
        if (!review.group().isEmpty() || !review.kind().equals("Pod")) {
            return CompletableFuture.completedFuture(AdmissionDecision.Deny.policy(
                    "stickyip mutates v1 Pods; got " + review.gvk() + ": check the webhook configuration's rules"));
        }
        return services.pods().admit(review);
    }

    private static String result(AdmissionDecision d) {
        return switch (d) {
            case AdmissionDecision.Allow a -> "allowed";
            case AdmissionDecision.Patch p -> "patched";
            case AdmissionDecision.Deny x -> x.code() == 503 ? "error" : "denied";
        };
    }

    private void failure(RoutingContext ctx) {
        int code = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        String message = code == 413 ? "request body larger than " + maxBodyBytes + " bytes" : "request failed";
        if (code >= 500) {
            LOG.error("request failed path={}", ctx.request().path(), ctx.failure());
        }
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(code).putHeader("content-type", "application/json")
                    .end(Buffer.buffer(services.reviews().badRequest(message)));
        }
    }

    private void reloadCertificateIfChanged() {
        vertx.<String>executeBlocking(tls::fingerprint).onSuccess(fp -> {
            if (!fp.equals(certFingerprint)) {
                server.updateSSLOptions(services.callers().apply(tls.sslOptions()), true).onSuccess(updated -> {
                    certFingerprint = fp;
                    LOG.info("serving certificate reloaded dir={}", tls.dir());
                }).onFailure(e -> LOG.warn("serving certificate reload failed dir={} error=\"{}\"", tls.dir(), e.getMessage()));
            }
        }).onFailure(e -> LOG.warn("serving certificate unreadable dir={} error=\"{}\"", tls.dir(), e.getMessage()));
    }
}
