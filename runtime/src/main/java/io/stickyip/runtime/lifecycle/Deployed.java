package io.stickyip.runtime.lifecycle;

import io.stickyip.runtime.http.HttpServerVerticle;

/**
 * A started deployable (webhook, controller, extender): its HTTPS server and everything it opened. {@link #close()}
 * closes those in reverse order of opening, so the server (opened last) drains first and the clients it used close
 * after it.
 */
public record Deployed(HttpServerVerticle server, Resources resources) implements AutoCloseable {
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        resources.close();
    }
}
