package io.stickyip.runtime.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What a started deployable holds, closed in reverse order of opening (the server before the
 * clients it uses). A failing close is logged and the others still close.
 */
public final class Resources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Remembers {@code resource} and returns it: {@code var client = resources.add(KubeClients.connect())}. */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable r : opened.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("close failed resource={} error=\"{}\"", r, e.toString());
            }
        }
        opened.clear();
    }
}
