package io.stickyip.aws;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The EC2 adapter's settings, from the environment ({@link #fromMap} takes {@code System.getenv()}).
 * Credentials are not here: they come from the SDK's default chain (environment, system properties,
 * web identity / IRSA, container and instance profile), never from a pool or this config.
 *
 * <table>
 *   <tr><td>{@value #REGION}</td><td>AWS region; unset: the SDK's default region chain (AWS_REGION, profile, instance metadata)</td></tr>
 *   <tr><td>{@value #ENDPOINT}</td><td>EC2 endpoint override, e.g. moto's {@code http://127.0.0.1:PORT}; unset: the region's endpoint</td></tr>
 *   <tr><td>{@value #CALL_TIMEOUT}</td><td>bound of one API call, retries included (default 20s)</td></tr>
 *   <tr><td>{@value #ATTEMPT_TIMEOUT}</td><td>bound of one HTTP attempt (default 5s)</td></tr>
 *   <tr><td>{@value #MUTATIONS_PER_SECOND}</td><td>this process's budget of mutating calls (default 2; EC2 refills about 5/s per account and region, shared by every agent)</td></tr>
 *   <tr><td>{@value #READBACK_TIMEOUT}</td><td>how long a step's effect may take to show in Describe* (eventual consistency; default 15s)</td></tr>
 *   <tr><td>{@value #VERIFY_PRIVATE_IP}</td><td>whether the read-back must show the private address too (default true; moto records only the ENI)</td></tr>
 * </table>
 */
public record AwsConfig(
        Optional<String> region,
        Optional<URI> endpoint,
        Duration callTimeout,
        Duration attemptTimeout,
        double mutationsPerSecond,
        Duration readBackTimeout,
        boolean verifyPrivateIp) {

    public static final String REGION = "STICKYIP_AWS_REGION";
    public static final String ENDPOINT = "STICKYIP_AWS_ENDPOINT";
    public static final String CALL_TIMEOUT = "STICKYIP_AWS_CALL_TIMEOUT";
    public static final String ATTEMPT_TIMEOUT = "STICKYIP_AWS_ATTEMPT_TIMEOUT";
    public static final String MUTATIONS_PER_SECOND = "STICKYIP_AWS_MUTATIONS_PER_SECOND";
    public static final String READBACK_TIMEOUT = "STICKYIP_AWS_READBACK_TIMEOUT";
    public static final String VERIFY_PRIVATE_IP = "STICKYIP_AWS_VERIFY_PRIVATE_IP";

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    public static final double DEFAULT_MUTATIONS_PER_SECOND = 2;
    public static final Duration DEFAULT_READBACK_TIMEOUT = Duration.ofSeconds(15);

    /** Bad configuration: names the variable, the value and the rule. */
    public static final class InvalidConfig extends IllegalArgumentException {
        InvalidConfig(String variable, String value, String rule) {
            super(variable + "=" + value + " " + rule);
        }
    }

    public AwsConfig {
        if (attemptTimeout.compareTo(callTimeout) > 0) {
            throw new InvalidConfig(
                    ATTEMPT_TIMEOUT, attemptTimeout.toString(), "is longer than " + CALL_TIMEOUT + "=" + callTimeout);
        }
    }

    public static AwsConfig fromMap(Map<String, String> env) {
        return new AwsConfig(
                text(env, REGION),
                text(env, ENDPOINT).map(v -> uri(ENDPOINT, v)),
                duration(env, CALL_TIMEOUT, DEFAULT_CALL_TIMEOUT),
                duration(env, ATTEMPT_TIMEOUT, DEFAULT_ATTEMPT_TIMEOUT),
                rate(env),
                duration(env, READBACK_TIMEOUT, DEFAULT_READBACK_TIMEOUT),
                bool(env, VERIFY_PRIVATE_IP, true));
    }

    /** For logging once at start-up (nothing secret in it). */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("region", region.orElse("(SDK default chain)"));
        m.put("endpoint", endpoint.map(URI::toString).orElse("(region default)"));
        m.put("callTimeout", callTimeout.toString());
        m.put("attemptTimeout", attemptTimeout.toString());
        m.put("mutationsPerSecond", Double.toString(mutationsPerSecond));
        m.put("readBackTimeout", readBackTimeout.toString());
        m.put("verifyPrivateIp", Boolean.toString(verifyPrivateIp));
        return m;
    }

    private static Optional<String> text(Map<String, String> env, String key) {
        return Optional.ofNullable(env.get(key)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static URI uri(String key, String value) {
        try {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidConfig(key, value, "is not an http(s)://host[:port] URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfig(key, value, "is not an http(s)://host[:port] URL");
        }
    }

    private static double rate(Map<String, String> env) {
        Optional<String> v = text(env, MUTATIONS_PER_SECOND);
        if (v.isEmpty()) {
            return DEFAULT_MUTATIONS_PER_SECOND;
        }
        try {
            double d = Double.parseDouble(v.get());
            if (d > 0 && d <= 100) {
                return d;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new InvalidConfig(MUTATIONS_PER_SECOND, v.get(), "is not a number of calls per second in (0, 100]");
    }

    private static boolean bool(Map<String, String> env, String key, boolean dflt) {
        Optional<String> v = text(env, key);
        if (v.isEmpty()) {
            return dflt;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfig(key, v.get(), "is not true or false");
        };
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m} or ISO-8601 ({@code PT2S}); positive. */
    static Duration duration(Map<String, String> env, String key, Duration dflt) {
        Optional<String> v = text(env, key);
        if (v.isEmpty()) {
            return dflt;
        }
        String s = v.get();
        Duration d;
        try {
            if (s.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            } else if (s.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            } else if (s.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            } else {
                d = Duration.parse(s);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidConfig(key, s, "is not a duration (500ms, 2s, 1m or ISO-8601 like PT2S)");
        }
        if (d.isNegative() || d.isZero()) {
            throw new InvalidConfig(key, s, "must be positive");
        }
        return d;
    }
}
