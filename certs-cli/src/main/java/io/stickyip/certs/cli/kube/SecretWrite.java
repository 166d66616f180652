package io.stickyip.certs.cli.kube;

/** What writing the Secret did. */
public enum SecretWrite {
    CREATED,
    UPDATED,
    UNCHANGED;

    public String describe(SecretRef ref) {
        return switch (this) {
            case CREATED -> "created secret " + ref;
            case UPDATED -> "updated secret " + ref;
            case UNCHANGED -> "secret " + ref + " already current";
        };
    }
}
