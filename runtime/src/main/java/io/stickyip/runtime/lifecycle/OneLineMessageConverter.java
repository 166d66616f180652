package io.stickyip.runtime.lifecycle;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %oneLineMsg} in the text format: the event's message with every control character escaped
 * ({@code \n}, {@code \r}, {@code \u0007}), so one event is one line whatever an argument carries (a
 * stack trace still follows on its own lines, from {@code %ex}). Quotes are left as they are: values
 * from requests are passed as {@link LogValue}, which escapes them, and bounds their length.
 */
public final class OneLineMessageConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (LogValue.isControl(c) && out == null) {
                out = new StringBuilder(message.length() + 16).append(message, 0, i);
            }
            if (out != null) {
                LogValue.escape(c, out, false);
            }
        }
        return out == null ? message : out.toString();
    }
}
