package io.stickyip.certs.rotate;

import java.time.Duration;

/** A fraction of a certificate's lifetime, such as {@code 1/3}. */
public record Fraction(long numerator, long denominator) {
    public static final Fraction ONE_THIRD = new Fraction(1, 3);

    public Fraction {
        if (numerator <= 0 || denominator <= 0 || numerator >= denominator) {
            throw new IllegalArgumentException(
                    "a fraction between 0 and 1 is needed, not " + numerator + "/" + denominator);
        }
    }

    /** Parses {@code N/D}, such as {@code 1/3}. */
    public static Fraction parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(text + " is not a fraction like 1/3");
        }
        try {
            return new Fraction(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " is not a fraction like 1/3", e);
        }
    }

    /** Whether {@code part} is less than this fraction of {@code whole}, to the second. */
    public boolean exceeds(Duration part, Duration whole) {
        return Math.multiplyExact(part.toSeconds(), denominator) < Math.multiplyExact(whole.toSeconds(), numerator);
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
