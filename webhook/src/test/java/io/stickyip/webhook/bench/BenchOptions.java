package io.stickyip.webhook.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Command-line options of {@link AdmissionBenchmark}.
 *
 * @param duration       measured time per cell (ignored when {@code requests} is set)
 * @param requests       measured requests per cell; 0 means "measure for {@code duration}"
 * @param warmup         unmeasured load before every cell, at the cell's concurrency
 * @param jitWarmup      unmeasured load per target at the highest concurrency before the first cell, so the JIT
 *                       has compiled the hot paths (C2 keeps compiling for tens of seconds on 2 busy cores)
 * @param concurrency    closed-loop client counts, one table block each
 * @param readmitPercent share of webhook requests that re-admit an already admitted workload
 * @param targets        which rows to measure (etcd, noop, webhook); all by default, fewer when profiling one
 * @param http2          HTTP/2 over one connection (as kube-apiserver calls webhooks) instead of HTTP/1.1, one
 *                       connection per client
 * @param preload        reservations written under each webhook cell's fresh prefix before its webhook starts
 * @param webhookEnv     settings passed to every webhook the benchmark starts (e.g. STICKYIP_ETCD_BATCH_MAX=1)
 */
record BenchOptions(Duration duration, long requests, Duration warmup, Duration jitWarmup, List<Integer> concurrency,
                    int readmitPercent, Set<String> targets, boolean http2, int preload, Map<String, String> webhookEnv) {
    static final Set<String> ALL_TARGETS = Set.of("etcd", "noop", "webhook");

    static final String USAGE = """
            usage: hack/bench [--duration 10s | --requests N] [--warmup 5s] [--jit-warmup 40s] [--concurrency 1,16,100]
                              [--readmit-percent 25] [--targets etcd,noop,webhook] [--http2] [--preload N]
                              [--webhook-env KEY=VALUE]...
              --duration D         measured time per cell (default 10s); units ms, s, m
              --requests N         measure exactly N requests per cell instead of a duration
              --warmup D           unmeasured load before each cell at the same concurrency (default 5s)
              --jit-warmup D       unmeasured load per target before the first cell, at the highest concurrency (default 40s)
              --concurrency LIST   closed-loop client counts (default 1,16,100)
              --readmit-percent P  webhook requests that re-admit an admitted workload (default 25)
              --targets LIST       rows to measure, of etcd,noop,webhook (default all; fewer for profiling)
              --http2              all clients share one HTTP/2 connection, as kube-apiserver's calls do
                                   (default: HTTP/1.1, one keep-alive connection per client)
              --preload N          reservations held before each webhook cell (written under its fresh prefix
                                   before its webhook starts; default 0)
              --webhook-env K=V    a setting for every webhook started, e.g. STICKYIP_ETCD_BATCH_MAX=1 (group
                                   commit off); may be repeated""";

    static BenchOptions parse(String[] args) {
        Duration duration = Duration.ofSeconds(10);
        long requests = 0;
        Duration warmup = Duration.ofSeconds(5);
        Duration jitWarmup = Duration.ofSeconds(40);
        List<Integer> concurrency = List.of(1, 16, 100);
        int readmit = 25;
        Set<String> targets = ALL_TARGETS;
        boolean http2 = false;
        int preload = 0;
        Map<String, String> webhookEnv = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (flag.equals("--http2")) {
                http2 = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--duration" -> duration = duration(flag, value);
                case "--requests" -> requests = positive(flag, value);
                case "--warmup" -> warmup = duration(flag, value);
                case "--jit-warmup" -> jitWarmup = duration(flag, value);
                case "--concurrency" -> concurrency = concurrency(value);
                case "--readmit-percent" -> readmit = (int) between(flag, value, 0, 100);
                case "--targets" -> targets = targets(value);
                case "--preload" -> preload = (int) between(flag, value, 0, 1_000_000);
                case "--webhook-env" -> setting(value, webhookEnv);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new BenchOptions(duration, requests, warmup, jitWarmup, concurrency, readmit, targets, http2, preload,
                Map.copyOf(webhookEnv));
    }

    private static void setting(String value, Map<String, String> into) {
        int eq = value.indexOf('=');
        if (eq < 1 || !value.startsWith("STICKYIP_")) {
            throw new IllegalArgumentException("--webhook-env: " + value + " is not STICKYIP_NAME=VALUE");
        }
        into.put(value.substring(0, eq), value.substring(eq + 1));
    }

    /** The transport, for the report. */
    String describeTransport() {
        return http2 ? "HTTPS, HTTP/2 (ALPN), all clients multiplexed on one connection"
                : "HTTPS, HTTP/1.1 keep-alive, one connection per client";
    }

    /** How a cell is measured, for the report. */
    String describe() {
        return (requests > 0 ? requests + " requests" : duration.toMillis() / 1000.0 + " s") + " measured per cell after "
                + warmup.toMillis() / 1000.0 + " s warm-up (and " + jitWarmup.toMillis() / 1000.0 + " s JIT warm-up per target)"
                + (preload > 0 ? "; " + preload + " reservations held before each webhook cell" : "")
                + (webhookEnv.isEmpty() ? "" : "; webhook settings " + new TreeMap<>(webhookEnv));
    }

    private static List<Integer> concurrency(String value) {
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            out.add((int) between("--concurrency", part.trim(), 1, 10_000));
        }
        return List.copyOf(out);
    }

    private static Set<String> targets(String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            if (!ALL_TARGETS.contains(part.trim())) {
                throw new IllegalArgumentException("--targets: " + part.trim() + " is not one of etcd, noop, webhook");
            }
            out.add(part.trim());
        }
        return Set.copyOf(out);
    }

    private static long positive(String flag, String value) {
        return between(flag, value, 1, Long.MAX_VALUE);
    }

    private static long between(String flag, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(flag + ": " + value + " is not between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": " + value + " is not a number");
        }
    }

    static Duration duration(String flag, String value) {
        String v = value.trim().toLowerCase();
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + ": " + value + " is not a duration (e.g. 500ms, 10s, 1m)");
        }
    }
}
