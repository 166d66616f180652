package io.stickyip.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one parser of environment variables for every deployable: strings, numbers, ports,
 * booleans, durations, lists and enums, each with a named default. A bad value throws
 * {@link InvalidConfigException} naming the variable, the value and the rule. Built from a map
 * (tests pass their own); {@link #system()} is the only place that reads the process environment.
 */
public final class Env {
    private final Map<String, String> values;

    public Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The process environment. */
    public static Env system() {
        return new Env(System.getenv());
    }

    /** Every variable as given, for the parsers that take a map (e.g. the AWS adapter's config). */
    public Map<String, String> asMap() {
        return values;
    }

    /** The value if set and not blank, trimmed. */
    public Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String dflt) {
        return optional(key).orElse(dflt);
    }

    /** The first of several variables that is set (e.g. {@code STICKYIP_LEASE_NAMESPACE}, then {@code POD_NAMESPACE}). */
    public String firstOf(List<String> keys, String dflt) {
        return keys.stream()
                .map(this::optional)
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(dflt);
    }

    public boolean isSet(String key) {
        return optional(key).isPresent();
    }

    public int integer(String key, int dflt, int min, int max) {
        return parsed(key, dflt, v -> {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw InvalidConfigException.of(key, v, "is not a number");
            }
            if (n < min || n > max) {
                throw InvalidConfigException.of(key, v, "is not between " + min + " and " + max);
            }
            return n;
        });
    }

    /** A TCP port; 0 lets the system pick a free one. */
    public int port(String key, int dflt) {
        return integer(key, dflt, 0, 65535);
    }

    /** {@code true/false}, {@code yes/no}, {@code 1/0}, any case. */
    public boolean bool(String key, boolean dflt) {
        return parsed(key, dflt, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw InvalidConfigException.of(key, v, "is not true or false");
        });
    }

    /** ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; {@code 0} is zero. */
    public Duration duration(String key, Duration dflt) {
        return parsed(
                key,
                dflt,
                v -> Durations.parse(v)
                        .orElseThrow(
                                () -> InvalidConfigException.of(key, v, "is not a duration (e.g. 500ms, 30s, 5m)")));
    }

    /** Comma separated, blanks dropped; the default when unset. */
    public List<String> list(String key, List<String> dflt) {
        return optional(key)
                .map(v -> Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(dflt);
    }

    public Path path(String key, String dflt) {
        return Path.of(string(key, dflt));
    }

    public Optional<Path> optionalPath(String key) {
        return optional(key).map(Path::of);
    }

    /** One of an enum's constants, by name in any case. */
    public <E extends Enum<E>> E oneOf(String key, E dflt) {
        Class<E> type = dflt.getDeclaringClass();
        return parsed(
                key,
                dflt,
                v -> Arrays.stream(type.getEnumConstants())
                        .filter(c -> c.name().equalsIgnoreCase(v))
                        .findFirst()
                        .orElseThrow(() -> InvalidConfigException.of(
                                key,
                                v,
                                "is not one of "
                                        + String.join(
                                                ", ",
                                                Arrays.stream(type.getEnumConstants())
                                                        .map(c -> c.name().toLowerCase(Locale.ROOT))
                                                        .toList()))));
    }

    /**
     * A value parsed by the caller; an {@link IllegalArgumentException} it throws becomes an
     * {@link InvalidConfigException} naming the variable and the value.
     */
    public <T> T parsed(String key, T dflt, Function<String, T> parser) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return parser.apply(v.get());
        } catch (InvalidConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw InvalidConfigException.of(key, v.get(), e.getMessage() == null ? "is not valid" : e.getMessage());
        }
    }
}
