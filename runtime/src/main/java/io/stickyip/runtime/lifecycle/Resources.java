package io.stickyip.runtime.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a started deployable holds, closed in reverse order of opening (the server before the
 * clients it uses). A failing close is logged and the others still close.
 */
public final class Resources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

    private final List<AutoCloseable> opened = new ArrayList<>();

    /**
     * Runs {@code opening} with fresh resources and returns what it built; when it throws, whatever it had opened
     * is closed before the exception goes on (a half-started deployable holds nothing).
     */
    public static <T> T open(Function<Resources, T> opening) {
        Resources resources = new Resources();
        try {
            return opening.apply(resources);
        } catch (RuntimeException | Error e) {
            resources.close();
            throw e;
        }
    }

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
