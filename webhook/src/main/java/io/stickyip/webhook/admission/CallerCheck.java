package io.stickyip.webhook.admission;

import io.stickyip.runtime.lifecycle.LogValue;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of {@code /mutate} and {@code /validate}: lets a call through only when it came with a
 * client certificate the TLS layer verified against {@link CallerAuth}'s CA and that names one of its
 * callers; answers 401 to a call without one, 403 to one naming another (nothing is read, nothing
 * reserved). Refusals are logged once, then at most once a
 * minute with their count, so a flood of forged calls does not flood the log.
 */
public final class CallerCheck implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(CallerCheck.class);
    static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final CallerAuth auth;
    private final AdmissionReviews reviews;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public CallerCheck(CallerAuth auth, AdmissionReviews reviews) {
        this.auth = auth;
        this.reviews = reviews;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!auth.required()) {
            ctx.next();
            return;
        }
        Optional<X509Certificate> leaf = verifiedCertificate(ctx);
        if (leaf.isPresent() && auth.accepts(leaf.get())) {
            ctx.next();
        } else if (leaf.isPresent()) {
            refuse(
                    ctx,
                    403,
                    "Forbidden",
                    "the client certificate names none of the callers in " + CallerAuth.NAMES_KEY);
        } else {
            refuse(
                    ctx,
                    401,
                    "Unauthorized",
                    "a client certificate signed by the CA in " + CallerAuth.CA_FILE_KEY + " is required");
        }
    }

    private void refuse(RoutingContext ctx, int code, String reason, String message) {
        long count = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn(
                    "refused a call code={} path={} remote={} refusedSoFar={}",
                    code,
                    LogValue.of(ctx.request().path()),
                    ctx.request().remoteAddress(),
                    count);
        }
        ctx.response()
                .setStatusCode(code)
                .putHeader("content-type", "application/json")
                .end(Buffer.buffer(reviews.status(code, reason, message)));
    }

    /** With client auth requested, a certificate that reached us was verified in the handshake. */
    private static Optional<X509Certificate> verifiedCertificate(RoutingContext ctx) {
        if (!ctx.request().isSSL()) {
            return Optional.empty();
        }
        try {
            List<Certificate> chain = ctx.request().connection().peerCertificates();
            return chain == null || chain.isEmpty() || !(chain.getFirst() instanceof X509Certificate x)
                    ? Optional.empty()
                    : Optional.of(x);
        } catch (SSLPeerUnverifiedException noCertificate) {
            return Optional.empty();
        }
    }
}
