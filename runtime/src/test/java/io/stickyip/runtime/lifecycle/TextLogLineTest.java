package io.stickyip.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The shipped text format writes one line per event, whatever its arguments carry. */
class TextLogLineTest {

    @SuppressWarnings("unchecked")
    static Encoder<ch.qos.logback.classic.spi.ILoggingEvent> textEncoder() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        AsyncAppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> async =
                (AsyncAppenderBase<ch.qos.logback.classic.spi.ILoggingEvent>) root.getAppender("ASYNC");
        Appender<ch.qos.logback.classic.spi.ILoggingEvent> stderr = async.getAppender("STDERR");
        return ((OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) stderr).getEncoder();
    }

    static String line(String message, Object... args) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LoggingEvent event = new LoggingEvent(
                TextLogLineTest.class.getName(), context.getLogger("test"), Level.INFO, message, null, args);
        return new String(textEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void anArgumentWithANewlineStaysOnTheEventsLine() {
        String written = line("denied pod={} reason=\"{}\"", "shop/evil\nINFO forged", "bad\r\nline");

        assertThat(written.lines()).hasSize(1);
        assertThat(written).contains("pod=shop/evil\\nINFO forged reason=\"bad\\r\\nline\"");
    }

    @Test
    void aLogValueIsWrittenAsEscapedOnce() {
        String written = line("denied reason=\"{}\"", LogValue.of("a\"b\nc"));

        assertThat(written.lines()).hasSize(1);
        assertThat(written).contains("reason=\"a\\\"b\\nc\"");
    }
}
