package io.stickyip.certs.cli.kube;

import java.util.Objects;

/** A Secret by namespace and name. */
public record SecretRef(String namespace, String name) {
    public SecretRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
