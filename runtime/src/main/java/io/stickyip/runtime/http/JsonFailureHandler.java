package io.stickyip.runtime.http;

import io.stickyip.runtime.lifecycle.LogValue;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failed request (a body over the limit, a wrong method, a handler that threw) into a
 * JSON {@code Status} with the real status code; errors of ours (5xx) are logged with their cause,
 * the client never sees a stack trace.
 */
public final class JsonFailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonFailureHandler.class);

    private final int maxBodyBytes;

    public JsonFailureHandler(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        int code = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (code >= 500) {
            LOG.error(
                    "request failed method={} path={}",
                    ctx.request().method(),
                    LogValue.of(ctx.request().path()),
                    ctx.failure());
        }
        if (!ctx.response().ended()) {
            ctx.response()
                    .setStatusCode(code)
                    .putHeader("content-type", "application/json")
                    .end(StatusBody.failure(code, StatusBody.reason(code), message(code)));
        }
    }

    private String message(int code) {
        return switch (code) {
            case 413 -> "request body larger than " + maxBodyBytes + " bytes";
            case 405 -> "method not allowed";
            case 404 -> "not found";
            default -> "request failed";
        };
    }
}
