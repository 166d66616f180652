package io.stickyip.certs.cli.kube;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Webhook configurations as an installer would create them, before any caBundle is set. */
public final class WebhookConfigurations {
    private WebhookConfigurations() {}

    public static MutatingWebhookConfiguration mutating(String name, String... webhooks) {
        return new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withWebhooks(Arrays.stream(webhooks)
                        .map(w -> new MutatingWebhookBuilder()
                                .withName(w)
                                .withAdmissionReviewVersions("v1")
                                .withSideEffects("NoneOnDryRun")
                                .withNewClientConfig()
                                .withNewService()
                                .withNamespace("stickyip-system")
                                .withName("stickyip-webhook")
                                .withPath("/mutate")
                                .endService()
                                .endClientConfig()
                                .build())
                        .toList())
                .build();
    }

    public static ValidatingWebhookConfiguration validating(String name, String webhook) {
        return new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addNewWebhook()
                .withName(webhook)
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withNewClientConfig()
                .withUrl("https://127.0.0.1:8443/validate")
                .endClientConfig()
                .endWebhook()
                .build();
    }

    public static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
