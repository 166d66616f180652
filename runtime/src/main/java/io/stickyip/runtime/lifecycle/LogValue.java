package io.stickyip.runtime.lifecycle;

/**
 * A value from outside (a request, a pod: names, annotation values, reasons naming them) as a log
 * line may carry it: control characters, quotes and backslashes escaped ({@code \n}, {@code \"},
 * {@code \\}, {@code \u0007}), at most {@link #MAX_CHARS} characters of it (then {@code ...(N chars)}),
 * so no value can end a line, open or close a quoted field, or grow a line without bound. Pass it as a
 * log argument: {@code LOG.info("denied pod={} reason=\"{}\"", LogValue.of(ref), LogValue.of(reason))}.
 * The text format ({@link OneLineMessageConverter}) leaves it as it is.
 *
 * @param text the escaped, bounded text
 */
public record LogValue(String text) {
    public static final int MAX_CHARS = 256;

    public static LogValue of(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 16);
        int end = Math.min(s.length(), MAX_CHARS);
        for (int i = 0; i < end; i++) {
            escape(s.charAt(i), out, true);
        }
        if (s.length() > MAX_CHARS) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return new LogValue(out.toString());
    }

    /** Control characters escaped, quotes and backslashes too when {@code quotes}. */
    static void escape(char c, StringBuilder out, boolean quotes) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '"' -> out.append(quotes ? "\\\"" : "\"");
            case '\\' -> out.append(quotes ? "\\\\" : "\\");
            default -> {
                if (isControl(c)) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
    }

    /** A character that could end or break a line: C0 controls, DEL, NEL and the Unicode line and paragraph separators. */
    static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f || c == 0x85 || c == '\u2028' || c == '\u2029';
    }

    @Override
    public String toString() {
        return text;
    }
}
