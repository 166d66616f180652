package io.stickyip.certs.rotate;

import java.time.Duration;

/** Durations as whole days for messages: {@code 1 day}, {@code 121 days}. */
final class Days {
    private Days() {}

    static String of(Duration duration) {
        long days = duration.toDays();
        return days + (Math.abs(days) == 1 ? " day" : " days");
    }
}
