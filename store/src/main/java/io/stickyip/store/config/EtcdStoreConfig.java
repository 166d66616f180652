package io.stickyip.store.config;

import io.stickyip.runtime.config.Durations;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * @param batching  group commit of claims' guarded writes ({@link ClaimBatching})
 */
public record EtcdStoreConfig(
        List<URI> endpoints, String prefix, Duration timeout, Optional<EtcdTls> tls, ClaimBatching batching) {

    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:2379";
    public static final String DEFAULT_PREFIX = "/stickyip/v1/";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** The variables {@link #fromEnv} reads (and {@link EtcdTls#fromEnv} the TLS ones). */
    public static final String ENDPOINTS_KEY = "STICKYIP_ETCD_ENDPOINTS";

    public static final String PREFIX_KEY = "STICKYIP_ETCD_PREFIX";
    public static final String TIMEOUT_KEY = "STICKYIP_ETCD_TIMEOUT";
    public static final String BATCH_MAX_KEY = "STICKYIP_ETCD_BATCH_MAX";
    public static final String BATCH_WINDOW_KEY = "STICKYIP_ETCD_BATCH_WINDOW";

    public EtcdStoreConfig {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(batching, "batching");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        String scheme = tls.isPresent() ? "https" : "http";
        for (URI endpoint : endpoints) {
            if (!scheme.equals(endpoint.getScheme()) || endpoint.getHost() == null || endpoint.getPort() < 0) {
                throw new IllegalArgumentException("etcd endpoint must look like " + scheme + "://host:port"
                        + (tls.isPresent() ? " (TLS settings are given)" : " (no TLS settings are given)") + ": "
                        + endpoint);
            }
        }
        requireRule("etcd key prefix", prefix, prefixRule(prefix));
        requireRule("etcd timeout", timeout.toString(), timeoutRule(timeout));
    }

    public EtcdStoreConfig(List<URI> endpoints, String prefix, Duration timeout, Optional<EtcdTls> tls) {
        this(endpoints, prefix, timeout, tls, ClaimBatching.DEFAULT);
    }

    public EtcdStoreConfig(List<URI> endpoints, String prefix, Duration timeout) {
        this(endpoints, prefix, timeout, Optional.empty());
    }

    /**
     * The one reader of the etcd settings: {@value #ENDPOINTS_KEY} (comma separated, default
     * {@value #DEFAULT_ENDPOINT}), {@value #PREFIX_KEY} (default {@value #DEFAULT_PREFIX}),
     * {@value #TIMEOUT_KEY} (a duration, {@code 500ms}, {@code 2s}; default 2 s),
     * {@value #BATCH_MAX_KEY} (claims per etcd transaction, 1 to 100, 1 turns group commit off;
     * default 64), {@value #BATCH_WINDOW_KEY} (how long a claim may wait for others while a
     * transaction is in flight, 0 to 10 ms, also in {@code us}; default 200us), and the TLS
     * settings of {@link EtcdTls#fromEnv} (plain HTTP only when asked for). A bad value is an
     * {@link InvalidConfigException} naming the variable and the value.
     */
    public static EtcdStoreConfig fromEnv(Env env) {
        List<URI> endpoints =
                env.parsed(ENDPOINTS_KEY, List.of(URI.create(DEFAULT_ENDPOINT)), EtcdStoreConfig::endpointList);
        String prefix = env.parsed(PREFIX_KEY, DEFAULT_PREFIX, p -> checked(p, prefixRule(p)));
        Duration timeout = env.duration(TIMEOUT_KEY, DEFAULT_TIMEOUT);
        if (timeoutRule(timeout) != null) {
            throw InvalidConfigException.of(TIMEOUT_KEY, env.string(TIMEOUT_KEY, ""), timeoutRule(timeout));
        }
        int batchMax = env.integer(BATCH_MAX_KEY, ClaimBatching.DEFAULT_MAX, 1, ClaimBatching.MAX_MAX);
        Duration window = env.parsed(BATCH_WINDOW_KEY, ClaimBatching.DEFAULT_WINDOW, v -> {
            Duration bound = window(v);
            return checked(bound, ClaimBatching.windowRule(bound));
        });
        return new EtcdStoreConfig(
                endpoints, prefix, timeout, EtcdTls.fromEnv(env, endpoints), new ClaimBatching(batchMax, window));
    }

    /** A duration as {@link Env#duration} reads it, or in microseconds: {@code 200us}. */
    private static Duration window(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Optional<Duration> parsed;
        if (t.endsWith("us")) {
            try {
                parsed = Optional.of(Duration.ofNanos(
                                Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 2)), 1000L)))
                        .filter(d -> !d.isNegative());
            } catch (NumberFormatException | ArithmeticException e) {
                parsed = Optional.empty();
            }
        } else {
            parsed = Durations.parse(t);
        }
        return parsed.orElseThrow(() -> new IllegalArgumentException("is not a duration (e.g. 200us, 1ms)"));
    }

    private static List<URI> endpointList(String text) {
        List<URI> out = Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(URI::create)
                .toList();
        for (URI e : out) {
            checked(e.toString(), clientUrl(e));
        }
        return out;
    }

    /** Null if {@code endpoint} is an etcd client URL (either scheme: {@link EtcdTls#fromEnv} matches them to the TLS settings). */
    private static String clientUrl(URI endpoint) {
        return ("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                        && endpoint.getHost() != null
                        && endpoint.getPort() >= 0
                ? null
                : "is not an etcd client URL (https://host:port, or http://host:port)";
    }

    private static String prefixRule(String prefix) {
        return prefix.startsWith("/") && prefix.endsWith("/") ? null : "must start and end with '/'";
    }

    private static String timeoutRule(Duration timeout) {
        return timeout.isNegative() || timeout.isZero() ? "must be positive" : null;
    }

    private static <T> T checked(T value, String rule) {
        if (rule != null) {
            throw new IllegalArgumentException(rule);
        }
        return value;
    }

    private static void requireRule(String what, String value, String rule) {
        if (rule != null) {
            throw new IllegalArgumentException(what + " " + value + " " + rule);
        }
    }

    /** The given plain-HTTP endpoints with {@link #DEFAULT_PREFIX} and {@link #DEFAULT_TIMEOUT}. */
    public static EtcdStoreConfig of(String... endpoints) {
        return new EtcdStoreConfig(Arrays.stream(endpoints).map(URI::create).toList(), DEFAULT_PREFIX, DEFAULT_TIMEOUT);
    }

    public EtcdStoreConfig withPrefix(String newPrefix) {
        return new EtcdStoreConfig(endpoints, newPrefix, timeout, tls, batching);
    }

    public EtcdStoreConfig withTimeout(Duration newTimeout) {
        return new EtcdStoreConfig(endpoints, prefix, newTimeout, tls, batching);
    }

    public EtcdStoreConfig withTls(EtcdTls newTls) {
        return new EtcdStoreConfig(endpoints, prefix, timeout, Optional.of(newTls), batching);
    }

    public EtcdStoreConfig withBatching(ClaimBatching newBatching) {
        return new EtcdStoreConfig(endpoints, prefix, timeout, tls, newBatching);
    }

    /** The endpoints as users read them in messages: {@code http://a:2379,http://b:2379}. */
    public String endpointsText() {
        return endpoints.stream().map(URI::toString).collect(Collectors.joining(","));
    }
}
