package io.stickyip.runtime.http;

import io.stickyip.runtime.config.ServerConfig;
import io.stickyip.runtime.lifecycle.LogValue;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what a slow or silent client can hold (Vert.x reads a body as long as bytes keep coming):
 * <ul>
 *   <li>a request's body must have arrived {@link ServerConfig#requestReadTimeout()} after its headers;
 *       otherwise it is answered 408 and its connection closed (an HTTP/2 stream is reset, sparing the
 *       connection's other streams);</li>
 *   <li>a connection without a request in flight, from its opening or its last answer, is closed after
 *       {@link ServerConfig#idleTimeout()}, also while it trickles the next request's headers (only
 *       complete headers make a request).</li>
 * </ul>
 * Both run on the connection's event loop; nothing here reads the request.
 */
final class RequestDeadlines {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

    private final Vertx vertx;
    private final long readMillis;
    private final long idleMillis;
    private final Map<HttpConnection, Waiting> connections = new ConcurrentHashMap<>();

    RequestDeadlines(Vertx vertx, ServerConfig config) {
        this.vertx = vertx;
        this.readMillis = config.requestReadTimeout().toMillis();
        this.idleMillis = config.idleTimeout().toMillis();
    }

    /** The server's connection handler. */
    void connected(HttpConnection connection) {
        Waiting waiting = new Waiting(connection);
        connections.put(connection, waiting);
        connection.closeHandler(v -> {
            connections.remove(connection);
            waiting.stop();
        });
        waiting.idle();
    }

    /** The router's first handler: arms the request's read deadline, and holds the idle one until it is answered. */
    void started(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Waiting waiting = connections.get(request.connection());
        if (waiting != null) {
            waiting.busy();
        }
        long timer = vertx.setTimer(readMillis, id -> {
            if (!request.isEnded()) {
                expire(ctx);
            }
        });
        ctx.addEndHandler(done -> {
            vertx.cancelTimer(timer);
            if (waiting != null) {
                waiting.answered();
            }
        });
        ctx.next();
    }

    private void expire(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        LOG.debug(
                "request not read within {} ms, closed method={} path={} remote={}",
                readMillis,
                request.method(),
                LogValue.of(request.path()),
                request.remoteAddress());
        if (request.version() == HttpVersion.HTTP_2) {
            ctx.response().reset();
            return;
        }
        if (ctx.response().ended()) {
            request.connection().close();
            return;
        }
        ctx.response()
                .setStatusCode(408)
                .putHeader("content-type", "application/json")
                .putHeader("connection", "close")
                .end(StatusBody.failure(408, "Timeout", "request not read within " + readMillis + " ms"))
                .onComplete(ended -> request.connection().close());
    }

    /** One connection: how many of its requests are in flight, and the idle timer while none is. */
    private final class Waiting {
        private final HttpConnection connection;
        private int inFlight;
        private long timer = -1;

        Waiting(HttpConnection connection) {
            this.connection = connection;
        }

        synchronized void idle() {
            stop();
            timer = vertx.setTimer(idleMillis, id -> {
                LOG.debug("connection idle for {} ms, closed remote={}", idleMillis, connection.remoteAddress());
                connection.close();
            });
        }

        synchronized void busy() {
            inFlight++;
            stop();
        }

        synchronized void answered() {
            inFlight = Math.max(0, inFlight - 1);
            if (inFlight == 0) {
                idle();
            }
        }

        synchronized void stop() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
