package io.stickyip.runtime.http;

import io.stickyip.runtime.config.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployable's HTTP server: its own routes, the ops routes ({@link OpsRoutes}) and the JSON
 * failure handler, over HTTPS when {@link ServerConfig#certDir()} is set (the certificate is
 * checked every {@link #CERT_CHECK} and swapped without a restart) or plain HTTP. POST bodies are
 * read up to {@link ServerConfig#maxBodyBytes()} (larger: 413) before the routes see them, within
 * {@link ServerConfig#requestReadTimeout()} (slower: 408, closed); a connection waiting for a request
 * is closed after {@link ServerConfig#idleTimeout()} ({@link RequestDeadlines}).
 * Undeploying it stops accepting and lets requests in flight finish, at most {@link #DRAIN}.
 */
public final class HttpServerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);
    public static final Duration CERT_CHECK = Duration.ofSeconds(5);
    public static final Duration DRAIN = Duration.ofSeconds(10);
    /** Netty's idle timeout, a backstop: closes a connection with no I/O at all for this long (a request in work included). */
    static final int IDLE_TIMEOUT_SECONDS = 120;

    /** The deployable's own routes, mounted before the ops routes. */
    @FunctionalInterface
    public interface Routes {
        Routes NONE = router -> {};

        void mount(Router router);

        /**
         * Handlers that must run before a request body is read (who may call: a check of the
         * client certificate that answers 401 without reading the body). None by default.
         */
        default void guard(Router router) {}
    }

    private final String name;
    private final ServerConfig config;
    private final Routes routes;
    private final Readiness readiness;
    private final Metrics metrics;
    private final Optional<ServerTls> tls;
    private HttpServer server;
    private RequestDeadlines deadlines;

    /** HTTPS (when configured) with ALPN and no client certificates. */
    public HttpServerVerticle(String name, ServerConfig config, Routes routes, Readiness readiness, Metrics metrics) {
        this(name, config, routes, readiness, metrics, new ServerSSLOptions().setUseAlpn(true));
    }

    /** @param tlsBase TLS settings besides the certificate (client authentication, trust), kept across reloads */
    public HttpServerVerticle(
            String name,
            ServerConfig config,
            Routes routes,
            Readiness readiness,
            Metrics metrics,
            ServerSSLOptions tlsBase) {
        this.name = name;
        this.config = config;
        this.routes = routes;
        this.readiness = readiness;
        this.metrics = metrics;
        this.tls = config.certDir().map(dir -> new ServerTls(dir, tlsBase));
    }

    @Override
    public Future<?> start() {
        deadlines = new RequestDeadlines(vertx, config);
        long backstop = Math.max(
                IDLE_TIMEOUT_SECONDS,
                config.idleTimeout().plus(config.requestReadTimeout()).toSeconds() + 1);
        // no cleartext HTTP/2: its preface detection holds a plain connection before any deadline can start
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setIdleTimeout((int) backstop)
                .setHttp2ClearTextEnabled(false);
        Future<HttpServerOptions> ready = tls.isEmpty()
                ? Future.succeededFuture(options)
                : vertx.executeBlocking(() -> withTls(options, tls.get().load()));
        return ready.compose(o -> {
                    server = vertx.createHttpServer(o)
                            .connectionHandler(deadlines::connected)
                            .requestHandler(router());
                    tls.ifPresent(t -> vertx.setPeriodic(CERT_CHECK.toMillis(), id -> reloadIfChanged(t)));
                    return server.listen();
                })
                .onSuccess(s -> LOG.info(
                        "{} listening {}://{}:{}",
                        name,
                        tls.isPresent() ? "https" : "http",
                        config.host(),
                        s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(DRAIN);
    }

    /** The bound port (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(deadlines::started);
        routes.guard(router);
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
        // every path and method, so an unknown path stays a 404 (a POST-only route would make it a 405)
        router.route().handler(ctx -> {
            if (ctx.request().method() == HttpMethod.POST) {
                bodies.handle(ctx);
            } else {
                ctx.next();
            }
        });
        routes.mount(router);
        OpsRoutes.mount(router, readiness, metrics);
        JsonFailureHandler failures = new JsonFailureHandler(config.maxBodyBytes());
        router.route().failureHandler(failures);
        router.errorHandler(404, failures); // no route for the path
        router.errorHandler(405, failures); // a route for the path, not for the method
        return router;
    }

    private static HttpServerOptions withTls(HttpServerOptions options, ServerSSLOptions ssl) {
        options.setSsl(true).setUseAlpn(ssl.isUseAlpn()).setKeyCertOptions(ssl.getKeyCertOptions());
        if (ssl.getTrustOptions() != null) {
            options.setTrustOptions(ssl.getTrustOptions());
        }
        return options.setClientAuth(ssl.getClientAuth());
    }

    private void reloadIfChanged(ServerTls t) {
        vertx.executeBlocking(t::changed)
                .onSuccess(changed -> changed.ifPresent(ssl -> server.updateSSLOptions(ssl, true)
                        .onSuccess(updated -> LOG.info("serving certificate reloaded dir={}", t.dir()))
                        .onFailure(e -> LOG.warn(
                                "serving certificate reload failed dir={} error=\"{}\"", t.dir(), e.getMessage()))));
    }
}
