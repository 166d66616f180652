package io.stickyip.webhook.bench;

import io.stickyip.runtime.http.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import java.nio.file.Path;

/**
 * The HTTPS baseline: a Vert.x server set up like the webhook's (its own default Vert.x, one
 * verticle, TLS from the same certificate files read the same way, ALPN on) that reads the request body and answers a
 * fixed AdmissionReview response, doing no admission work.
 */
final class NoopHttpsServer implements AutoCloseable {
    private final Vertx vertx;
    private final Verticle verticle;

    private NoopHttpsServer(Vertx vertx, Verticle verticle) {
        this.vertx = vertx;
        this.verticle = verticle;
    }

    static NoopHttpsServer start(Path tlsDir, byte[] response) {
        Vertx vertx = Vertx.vertx();
        Verticle verticle = new Verticle(new ServerTls(tlsDir).load().getKeyCertOptions(), Buffer.buffer(response));
        vertx.deployVerticle(verticle).await();
        return new NoopHttpsServer(vertx, verticle);
    }

    int port() {
        return verticle.server.actualPort();
    }

    @Override
    public void close() {
        vertx.close().await();
    }

    private static final class Verticle extends VerticleBase {
        private final KeyCertOptions tls;
        private final Buffer response;
        private HttpServer server;

        Verticle(KeyCertOptions tls, Buffer response) {
            this.tls = tls;
            this.response = response;
        }

        @Override
        public Future<?> start() {
            HttpServerOptions options = new HttpServerOptions()
                    .setSsl(true)
                    .setHost("127.0.0.1")
                    .setPort(0)
                    .setKeyCertOptions(tls)
                    .setUseAlpn(true)
                    .setIdleTimeout(120);
            server = vertx.createHttpServer(options)
                    .requestHandler(req -> req.body()
                            .onSuccess(body -> req.response()
                                    .putHeader("content-type", "application/json")
                                    .end(response))
                            .onFailure(e -> req.response().setStatusCode(400).end()));
            return server.listen();
        }
    }
}
