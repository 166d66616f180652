package io.stickyip.core.cloud.aws;

import java.util.Objects;
import java.util.Optional;

/**
 * The private end of an Elastic IP: a network interface and one of its private addresses. Written
 * onto the EIP as the tag {@link Tags#BINDING} ({@code eni-0abc/10.0.1.23}) before any step that
 * creates it, so an agent killed between two cloud steps finds on restart what it was doing.
 */
public record Binding(String networkInterfaceId, String privateIp) {

    public Binding {
        Objects.requireNonNull(networkInterfaceId, "networkInterfaceId");
        Objects.requireNonNull(privateIp, "privateIp");
    }

    public String tagValue() {
        return networkInterfaceId + "/" + privateIp;
    }

    /** The reverse of {@link #tagValue()}; empty for anything else (a tag edited by hand). */
    public static Optional<Binding> parse(String tagValue) {
        if (tagValue == null) {
            return Optional.empty();
        }
        int slash = tagValue.indexOf('/');
        if (slash <= 0 || slash == tagValue.length() - 1 || !tagValue.startsWith("eni-")) {
            return Optional.empty();
        }
        return Optional.of(new Binding(tagValue.substring(0, slash), tagValue.substring(slash + 1)));
    }

    @Override
    public String toString() {
        return tagValue();
    }
}
