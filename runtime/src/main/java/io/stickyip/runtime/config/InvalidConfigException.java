package io.stickyip.runtime.config;

/** A bad setting; the message names the variable, the value and the rule. Start-up exits with code 2. */
public final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String message) {
        super(message);
    }

    /** {@code STICKYIP_PORT: 70000 is not between 0 and 65535}. */
    public static InvalidConfigException of(String variable, String value, String rule) {
        return new InvalidConfigException(variable + ": " + value + " " + rule);
    }
}
