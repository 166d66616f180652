package io.stickyip.runtime.lifecycle;

import io.stickyip.runtime.config.InvalidConfigException;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployable's {@code main}: configuration (a bad setting exits with code 2 and a message naming
 * it), logging, one start-up line, the start, and a shutdown hook that closes what was started. Any
 * failure during start-up halts the process with code 1 (a half-started server never lingers: a
 * {@code BindException} once left a JVM running without one).
 */
public final class Launcher {
    /** Exit code for a bad configuration. */
    public static final int BAD_CONFIGURATION = 2;
    /** Exit code for a failed start. */
    public static final int START_FAILED = 1;

    /** What the launcher needs from a deployable's configuration. */
    public interface LaunchConfig {
        LogFormat logFormat();

        /** For the start-up log line; nothing secret. */
        Map<String, Object> describe();
    }

    /** Starts the deployable; the returned handle stops it. */
    @FunctionalInterface
    public interface Starter<C> {
        AutoCloseable start(C config) throws Exception;
    }

    private Launcher() {}

    public static <C extends LaunchConfig> void launch(String name, Supplier<C> configuration, Starter<C> starter) {
        C config;
        try {
            config = configuration.get();
        } catch (InvalidConfigException e) {
            System.err.println(name + ": invalid configuration: " + e.getMessage());
            System.exit(BAD_CONFIGURATION);
            return;
        }
        Logging.configure(config.logFormat());
        Logger log = LoggerFactory.getLogger(name);
        log.info("starting {} config={}", name, config.describe());
        try {
            AutoCloseable running = starter.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(log, name, running), name + "-shutdown"));
        } catch (Throwable e) { // also checked ones Vert.x rethrows (BindException): never linger half-started
            log.error("start-up failed: {}", e.toString(), e);
            System.err.println(name + ": start-up failed: " + e);
            Logging.flush();
            Runtime.getRuntime().halt(START_FAILED);
        }
    }

    private static void stop(Logger log, String name, AutoCloseable running) {
        log.info("stopping {}", name);
        try {
            running.close();
        } catch (Exception e) {
            log.warn("shutdown failed error=\"{}\"", e.toString());
        }
        log.info("stopped {}", name);
        Logging.flush();
    }
}
