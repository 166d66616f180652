package io.stickyip.certs.cli.kube;

import java.util.Objects;

/** A webhook configuration whose webhooks get the {@code caBundle}. */
public record WebhookTarget(Kind kind, String name) {
    public enum Kind {
        MUTATING("MutatingWebhookConfiguration"),
        VALIDATING("ValidatingWebhookConfiguration");

        private final String apiKind;

        Kind(String apiKind) {
            this.apiKind = apiKind;
        }

        public String apiKind() {
            return apiKind;
        }
    }

    public WebhookTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public static WebhookTarget mutating(String name) {
        return new WebhookTarget(Kind.MUTATING, name);
    }

    public static WebhookTarget validating(String name) {
        return new WebhookTarget(Kind.VALIDATING, name);
    }

    @Override
    public String toString() {
        return kind.apiKind() + " " + name;
    }
}
