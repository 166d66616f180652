package io.stickyip.core.plumbing;

import java.util.Objects;

/**
 * A network namespace, named by the path of its handle (a bind mount under {@code /run/netns}, the
 * sandbox's {@code /var/run/netns/cni-<uuid>}, or {@code /proc/PID/ns/net}). {@link #host()} is the
 * namespace the agent itself runs in: commands there are run as they are, without entering.
 */
public record Netns(String path) {

    private static final String HOST = "";
    private static final String RUN_DIR = "/run/netns/";

    public Netns {
        Objects.requireNonNull(path, "path");
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("netns path " + path + " is not absolute");
        }
    }

    /** The agent's own namespace (the node). */
    public static Netns host() {
        return new Netns(HOST);
    }

    /** A namespace made by {@code ip netns add NAME}. */
    public static Netns named(String name) {
        if (name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("netns name '" + name + "' must be a plain non-empty name");
        }
        return new Netns(RUN_DIR + name);
    }

    public static Netns atPath(String path) {
        return new Netns(path);
    }

    public boolean isHost() {
        return path.isEmpty();
    }

    @Override
    public String toString() {
        return isHost() ? "host netns" : "netns " + path;
    }
}
