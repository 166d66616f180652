package io.stickyip.webhook.reservation;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the reservations live and how long a store call may take.
 *
 * @param endpoints etcd client URLs ({@code https://host:2379}, or {@code http://} without TLS); the client balances over them
 * @param prefix    key prefix, starts and ends with {@code /}; tests use their own to stay apart
 * @param timeout   bound of every store call (read, claim with its retries, release)
 * @param tls       CA and client certificate for {@code https://} endpoints; empty for {@code http://}
 */
public record EtcdStoreConfig(List<URI> endpoints, String prefix, Duration timeout, Optional<EtcdTls> tls) {

    public static final String DEFAULT_PREFIX = "/stickyip/v1/";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** Keys read by {@link #fromMap}. */
    public static final String ENDPOINTS_KEY = "STICKYIP_ETCD_ENDPOINTS";
    public static final String PREFIX_KEY = "STICKYIP_ETCD_PREFIX";
    public static final String TIMEOUT_KEY = "STICKYIP_ETCD_TIMEOUT_MS";

    public EtcdStoreConfig {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timeout, "timeout");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        Objects.requireNonNull(tls, "tls");
        String scheme = tls.isPresent() ? "https" : "http";
        for (URI endpoint : endpoints) {
            if (!scheme.equals(endpoint.getScheme()) || endpoint.getHost() == null || endpoint.getPort() < 0) {
                throw new IllegalArgumentException("etcd endpoint must look like " + scheme + "://host:port"
                        + (tls.isPresent() ? " (TLS settings are given)" : " (no TLS settings are given)") + ": " + endpoint);
            }
        }
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("etcd key prefix must start and end with '/': " + prefix);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("etcd timeout must be positive: " + timeout);
        }
    }

    public EtcdStoreConfig(List<URI> endpoints, String prefix, Duration timeout) {
        this(endpoints, prefix, timeout, Optional.empty());
    }

    /** The given plain-HTTP endpoints with {@link #DEFAULT_PREFIX} and {@link #DEFAULT_TIMEOUT}. */
    public static EtcdStoreConfig of(String... endpoints) {
        return new EtcdStoreConfig(Arrays.stream(endpoints).map(URI::create).toList(), DEFAULT_PREFIX, DEFAULT_TIMEOUT);
    }

    /**
     * From the deployable's environment: {@value #ENDPOINTS_KEY} (comma separated, required),
     * {@value #PREFIX_KEY}, {@value #TIMEOUT_KEY} (milliseconds), and the TLS settings of
     * {@link EtcdTls#fromMap} (plain HTTP only when asked for).
     */
    public static EtcdStoreConfig fromMap(Map<String, String> env) {
        String endpoints = env.getOrDefault(ENDPOINTS_KEY, "").strip();
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException(ENDPOINTS_KEY + " is required (e.g. http://etcd:2379)");
        }
        String timeout = env.getOrDefault(TIMEOUT_KEY, String.valueOf(DEFAULT_TIMEOUT.toMillis())).strip();
        try {
            List<URI> uris = Arrays.stream(endpoints.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(URI::create).toList();
            return new EtcdStoreConfig(uris, env.getOrDefault(PREFIX_KEY, DEFAULT_PREFIX).strip(),
                    Duration.ofMillis(Long.parseLong(timeout)), EtcdTls.fromMap(env, uris));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TIMEOUT_KEY + " must be a number of milliseconds: " + timeout, e);
        }
    }

    public EtcdStoreConfig withPrefix(String newPrefix) {
        return new EtcdStoreConfig(endpoints, newPrefix, timeout, tls);
    }

    public EtcdStoreConfig withTimeout(Duration newTimeout) {
        return new EtcdStoreConfig(endpoints, prefix, newTimeout, tls);
    }

    public EtcdStoreConfig withTls(EtcdTls newTls) {
        return new EtcdStoreConfig(endpoints, prefix, timeout, Optional.of(newTls));
    }

    /** The endpoints as users read them in messages: {@code http://a:2379,http://b:2379}. */
    public String endpointsText() {
        return endpoints.stream().map(URI::toString).collect(Collectors.joining(","));
    }
}
