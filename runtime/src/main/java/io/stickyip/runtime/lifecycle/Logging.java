package io.stickyip.runtime.lifecycle;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * Logback set-up: {@link LogFormat#TEXT} (runtime's {@code logback.xml}, picked up by default) or
 * {@link LogFormat#JSON}. Both write to stderr through an async appender (a busy disk must not stall
 * requests); a deployable adds its own logger levels in a {@code stickyip-logback-levels.xml} resource
 * (an {@code <included>} file both configurations include when present).
 */
public final class Logging {
    private Logging() {}

    /** Loads the configuration of {@code format} (again, if logging was used already). */
    public static void configure(LogFormat format) {
        if (format == LogFormat.TEXT) {
            return; // logback.xml, found by logback itself
        }
        LoggerContext context = context();
        URL config = Logging.class.getClassLoader().getResource(format.resource());
        if (config == null) {
            throw new IllegalStateException("logback configuration " + format.resource() + " is not on the classpath");
        }
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            context.reset();
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot load " + format.resource() + ": " + e.getMessage(), e);
        }
    }

    /** Writes out what the async appender still holds and stops logging; the last thing before exit. */
    public static void flush() {
        context().stop();
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
