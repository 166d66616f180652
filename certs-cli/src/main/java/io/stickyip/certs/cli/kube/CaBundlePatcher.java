package io.stickyip.certs.cli.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sets {@code clientConfig.caBundle} on every webhook of named webhook configurations, with
 * fabric8's edit (a patch computed from the change, nothing written by hand).
 */
public final class CaBundlePatcher {
    private final KubernetesClient client;

    public CaBundlePatcher(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Patches each target; looks all of them up first, so a missing one changes nothing.
     *
     * @throws WebhookConfigurationNotFoundException naming the first target that does not exist
     */
    public List<CaBundlePatch> patch(List<WebhookTarget> targets, CaBundle caBundle) {
        List<Found> found = targets.stream().map(this::require).toList();
        String value = caBundle.base64();
        return found.stream().map(f -> patch(f, value)).toList();
    }

    private record Found(WebhookTarget target, List<WebhookClientConfig> clientConfigs) {}

    private CaBundlePatch patch(Found found, String caBundle) {
        boolean changed = !found.clientConfigs().stream().allMatch(c -> caBundle.equals(c.getCaBundle()));
        if (changed) {
            resource(found.target()).edit(WebhookClientConfigBuilder.class, config -> config.withCaBundle(caBundle));
        }
        return new CaBundlePatch(found.target(), found.clientConfigs().size(), changed);
    }

    private Found require(WebhookTarget target) {
        return Optional.<HasMetadata>ofNullable(resource(target).get())
                .map(configuration -> new Found(target, clientConfigs(configuration)))
                .orElseThrow(() -> new WebhookConfigurationNotFoundException(target));
    }

    private Resource<? extends HasMetadata> resource(WebhookTarget target) {
        var group = client.admissionRegistration().v1();
        return switch (target.kind()) {
            case MUTATING -> group.mutatingWebhookConfigurations().withName(target.name());
            case VALIDATING -> group.validatingWebhookConfigurations().withName(target.name());
        };
    }

    private static List<WebhookClientConfig> clientConfigs(HasMetadata configuration) {
        return switch (configuration) {
            case MutatingWebhookConfiguration m ->
                Optional.ofNullable(m.getWebhooks()).orElse(List.of()).stream()
                        .map(MutatingWebhook::getClientConfig)
                        .filter(Objects::nonNull)
                        .toList();
            case ValidatingWebhookConfiguration v ->
                Optional.ofNullable(v.getWebhooks()).orElse(List.of()).stream()
                        .map(ValidatingWebhook::getClientConfig)
                        .filter(Objects::nonNull)
                        .toList();
            default -> throw new IllegalArgumentException("not a webhook configuration: " + configuration.getKind());
        };
    }
}
