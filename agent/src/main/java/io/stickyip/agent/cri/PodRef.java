package io.stickyip.agent.cri;

import java.util.Objects;

/** A pod as the kubelet labels its sandbox: namespace, name and UID. */
public record PodRef(String namespace, String name, String uid) {
    public PodRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
    }

    @Override
    public String toString() {
        return namespace + "/" + name + " (uid " + uid + ")";
    }
}
