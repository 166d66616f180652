package io.stickyip.store.connection;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.store.config.EtcdTls;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** Builds the jetcd client the store uses; every choice that shapes failure behaviour is here. */
final class EtcdClients {

    /**
     * HTTP/2 pings on an idle connection, so a dead etcd (host gone, no RST) is noticed and the
     * channel reconnects. etcd's default --grpc-keepalive-min-time is 5 s; pinging more often
     * makes it close the connection (GOAWAY too_many_pings).
     */
    static final Duration KEEPALIVE_TIME = Duration.ofSeconds(10);

    static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);

    private EtcdClients() {}

    static Client connect(EtcdStoreConfig config) {
        ClientBuilder builder = Client.builder();
        if (config.tls().isPresent()) {
            EtcdTls tls = config.tls().get();
            try {
                // verify etcd with the CA, authenticate with the client certificate (etcd --client-cert-auth)
                builder.sslContext(ssl -> ssl.trustManager(tls.caFile().toFile())
                        .keyManager(tls.certFile().toFile(), tls.keyFile().toFile()));
            } catch (SSLException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "etcd TLS settings unusable (" + tls.caFile() + ", " + tls.certFile() + ", " + tls.keyFile()
                                + "): " + e.getMessage(),
                        e);
            }
        }
        return builder.endpoints(config.endpoints().toArray(URI[]::new))
                .connectTimeout(config.timeout())
                .keepaliveTime(KEEPALIVE_TIME)
                .keepaliveTimeout(KEEPALIVE_TIMEOUT)
                .keepaliveWithoutCalls(true)
                .maxInboundMessageSize(PagedRange.MAX_RESPONSE_BYTES)
                // Fail an RPC at once while the channel knows etcd is unreachable (TRANSIENT_FAILURE)
                // instead of queueing it until etcd returns: callers learn at once, writes do not linger.
                .waitForReady(false)
                // jetcd retries reads on UNAVAILABLE (never a transaction that may have been applied);
                // keep those retries inside one store call.
                .retryMaxDuration(config.timeout())
                .interceptor(new CallDeadline(config.timeout()))
                .build();
    }

    /**
     * Gives every unary RPC a gRPC deadline of one timeout, so an RPC waiting for a connection is
     * dropped instead of being sent whenever etcd returns. Streaming calls (watch, lease
     * keep-alive) are left alone; the store uses none.
     */
    record CallDeadline(Duration timeout) implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            if (method.getType() != MethodDescriptor.MethodType.UNARY) {
                return next.newCall(method, options);
            }
            return next.newCall(method, options.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS));
        }
    }
}
