package io.stickyip.webhook.server;

import io.stickyip.runtime.http.HttpServerVerticle;
import io.stickyip.runtime.lifecycle.LogValue;
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
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's own routes on runtime's server: {@code POST /mutate} (Pods) and
 * {@code POST /validate} (Deployments, StatefulSets, IPPools). The server adds the ops routes,
 * the body limit and TLS with hot reload.
 */
public final class AdmissionRoutes implements HttpServerVerticle.Routes {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionRoutes.class);

    /** Everything the routes need, wired by Main. */
    public record Services(
            AdmissionReviews reviews,
            PodAdmission pods,
            ValidationAdmission validation,
            WebhookMetrics metrics,
            CallerAuth callers) {}

    private final Services services;

    public AdmissionRoutes(Services services) {
        this.services = services;
    }

    /** Only callers with a client certificate from the callers' CA (the API server) reach the routes; checked before a body is read. */
    @Override
    public void guard(Router router) {
        router.post().handler(new CallerCheck(services.callers(), services.reviews()));
    }

    @Override
    public void mount(Router router) {
        router.post("/mutate").handler(ctx -> review(ctx, "mutate"));
        router.post("/validate").handler(ctx -> review(ctx, "validate"));
    }

    private void review(RoutingContext ctx, String endpoint) {
        long start = System.nanoTime();
        ParsedReview review;
        try {
            review = services.reviews()
                    .parse(
                            ctx.body().buffer() == null
                                    ? new byte[0]
                                    : ctx.body().buffer().getBytes());
        } catch (MalformedReviewException e) {
            LOG.info(
                    "bad request endpoint={} remote={} reason=\"{}\"",
                    endpoint,
                    ctx.request().remoteAddress(),
                    LogValue.of(e.getMessage()));
            services.metrics().admission(endpoint, "", "", "bad_request", Duration.ofNanos(System.nanoTime() - start));
            ctx.response()
                    .setStatusCode(400)
                    .putHeader("content-type", "application/json")
                    .end(Buffer.buffer(services.reviews().badRequest(e.getMessage())));
            return;
        }
        CompletionStage<AdmissionDecision> decision = endpoint.equals("mutate")
                ? mutate(review)
                : CompletableFuture.completedFuture(services.validation().admit(review));
        Future.fromCompletionStage(decision, ctx.vertx().getOrCreateContext())
                .recover(err -> {
                    LOG.error(
                            "admission failed uid={} object={}",
                            LogValue.of(review.uid()),
                            LogValue.of(review.objectRef()),
                            err);
                    return Future.succeededFuture(
                            AdmissionDecision.Deny.unavailable("stickyip: internal error: " + err));
                })
                .onSuccess(d -> {
                    services.metrics()
                            .admission(
                                    endpoint,
                                    review.group(),
                                    review.kind(),
                                    result(d),
                                    Duration.ofNanos(System.nanoTime() - start));
                    ctx.response()
                            .putHeader("content-type", "application/json")
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
}
