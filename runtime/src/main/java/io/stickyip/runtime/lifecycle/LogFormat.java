package io.stickyip.runtime.lifecycle;

/** How log lines are written: one line of text each, or one JSON object each (logstash encoder). */
public enum LogFormat {
    TEXT("logback.xml"),
    JSON("logback-json.xml");

    private final String resource;

    LogFormat(String resource) {
        this.resource = resource;
    }

    /** The logback configuration on the classpath (runtime's {@code src/main/resources}). */
    public String resource() {
        return resource;
    }
}
