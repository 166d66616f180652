package io.stickyip.bench;

import java.time.Duration;
import picocli.CommandLine;

/** A duration on the command line: {@code 500ms}, {@code 10s}, {@code 1m}; anything else is refused by name. */
public final class DurationOption implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase();
        try {
            if (v.endsWith("ms")) {
                return nonNegative(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), value);
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return nonNegative(
                    switch (v.charAt(v.length() - 1)) {
                        case 's' -> Duration.ofSeconds(n);
                        case 'm' -> Duration.ofMinutes(n);
                        default -> throw new NumberFormatException();
                    },
                    value);
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration: a whole number with ms, s or m (e.g. 500ms, 10s, 1m)");
        }
    }

    private static Duration nonNegative(Duration d, String value) {
        if (d.isNegative()) {
            throw new NumberFormatException(value);
        }
        return d;
    }
}
