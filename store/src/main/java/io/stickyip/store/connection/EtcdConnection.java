package io.stickyip.store.connection;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.stickyip.store.config.EtcdStoreConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jetcd client, replaced by a fresh one while etcd stays unreachable. gRPC backs off
 * reconnecting exponentially up to two minutes, so after a long outage a channel may sit idle that
 * long although etcd is back; a new channel connects at its first call. A store call that found
 * etcd unavailable reports it here, and the client is replaced at most once per store timeout;
 * the old one is closed once its calls have run out their deadlines.
 */
public final class EtcdConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdConnection.class);

    private final EtcdStoreConfig config;
    private Generation current;
    private boolean closed;
    private volatile boolean down;

    /** One client and when it was made. */
    public record Generation(Client client, KV kv, long bornNanos) {
        static Generation of(EtcdStoreConfig config) {
            Client client = EtcdClients.connect(config);
            return new Generation(client, client.getKVClient(), System.nanoTime());
        }

        public Watch watch() {
            return client.getWatchClient();
        }
    }

    public EtcdConnection(EtcdStoreConfig config) {
        this.config = config;
        this.current = Generation.of(config);
    }

    public synchronized Generation current() {
        if (closed) {
            throw new IllegalStateException("the reservation store is closed");
        }
        return current;
    }

    /**
     * {@code used} found etcd unavailable: replace it, unless it was replaced already (its calls
     * say nothing about the current client) or it is younger than the timeout.
     */
    public synchronized void unavailable(Generation used) {
        if (closed || used != current) {
            return;
        }
        if (!down) {
            down = true;
            LOG.warn(
                    "etcd at {} is unavailable; reconnecting with a new client at most every {} ms until it answers",
                    config.endpointsText(),
                    config.timeout().toMillis());
        }
        if (System.nanoTime() - used.bornNanos() < config.timeout().toNanos()) {
            return;
        }
        LOG.debug("etcd at {}: replacing the client", config.endpointsText());
        current = Generation.of(config);
        CompletableFuture.delayedExecutor(2 * config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .execute(used.client()::close);
    }

    /** A call got an answer from etcd. */
    public void answered() {
        if (down) {
            down = false;
            LOG.info("etcd at {} answers again", config.endpointsText());
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            current.client().close();
        }
    }
}
