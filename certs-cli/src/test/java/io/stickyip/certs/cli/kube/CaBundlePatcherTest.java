package io.stickyip.certs.cli.kube;

import static io.stickyip.certs.cli.kube.WebhookConfigurations.decode;
import static io.stickyip.certs.cli.kube.WebhookConfigurations.mutating;
import static io.stickyip.certs.cli.kube.WebhookConfigurations.validating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.certs.testing.TestPki;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class CaBundlePatcherTest {
    private static final String CA_PEM = new TestPki().ca(Duration.ofDays(30)).certificatePem();

    KubernetesClient client;

    @Test
    void setsTheCaBundleOfEveryMutatingWebhookAsBase64OfThePem() {
        client.resource(mutating("stickyip", "pods.stickyip.io", "workloads.stickyip.io"))
                .create();

        List<CaBundlePatch> patches =
                new CaBundlePatcher(client).patch(List.of(WebhookTarget.mutating("stickyip")), CaBundle.of(CA_PEM));

        MutatingWebhookConfiguration stored = client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("stickyip")
                .get();
        assertThat(stored.getWebhooks())
                .extracting(w -> decode(w.getClientConfig().getCaBundle()))
                .containsExactly(CA_PEM, CA_PEM);
        assertThat(stored.getWebhooks())
                .extracting(w -> w.getClientConfig().getService().getName())
                .containsExactly("stickyip-webhook", "stickyip-webhook");
        assertThat(stored.getWebhooks())
                .extracting(MutatingWebhook::getName)
                .containsExactly("pods.stickyip.io", "workloads.stickyip.io");
        assertThat(patches)
                .extracting(CaBundlePatch::describe)
                .containsExactly("patched caBundle of 2 webhooks in MutatingWebhookConfiguration stickyip");
    }

    @Test
    void setsTheCaBundleOfAValidatingConfigurationToo() {
        client.resource(mutating("stickyip", "pods.stickyip.io")).create();
        client.resource(validating("stickyip-validation", "ippools.stickyip.io"))
                .create();

        List<CaBundlePatch> patches = new CaBundlePatcher(client)
                .patch(
                        List.of(WebhookTarget.mutating("stickyip"), WebhookTarget.validating("stickyip-validation")),
                        CaBundle.of(CA_PEM));

        ValidatingWebhookConfiguration stored = client.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName("stickyip-validation")
                .get();
        assertThat(stored.getWebhooks())
                .extracting(w -> decode(w.getClientConfig().getCaBundle()))
                .containsExactly(CA_PEM);
        assertThat(patches)
                .extracting(CaBundlePatch::describe)
                .containsExactly(
                        "patched caBundle of 1 webhook in MutatingWebhookConfiguration stickyip",
                        "patched caBundle of 1 webhook in ValidatingWebhookConfiguration stickyip-validation");
    }

    @Test
    void aCurrentCaBundleIsNotPatchedAgain() {
        client.resource(mutating("stickyip", "pods.stickyip.io")).create();
        CaBundlePatcher patcher = new CaBundlePatcher(client);
        patcher.patch(List.of(WebhookTarget.mutating("stickyip")), CaBundle.of(CA_PEM));
        String version = client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("stickyip")
                .get()
                .getMetadata()
                .getResourceVersion();

        List<CaBundlePatch> patches = patcher.patch(List.of(WebhookTarget.mutating("stickyip")), CaBundle.of(CA_PEM));

        assertThat(patches).extracting(CaBundlePatch::changed).containsExactly(false);
        assertThat(client.admissionRegistration()
                        .v1()
                        .mutatingWebhookConfigurations()
                        .withName("stickyip")
                        .get()
                        .getMetadata()
                        .getResourceVersion())
                .isEqualTo(version);
    }

    @Test
    void aMissingConfigurationIsNamedAndNothingIsPatched() {
        client.resource(mutating("stickyip", "pods.stickyip.io")).create();

        assertThatThrownBy(() -> new CaBundlePatcher(client)
                        .patch(
                                List.of(WebhookTarget.mutating("stickyip"), WebhookTarget.validating("absent")),
                                CaBundle.of(CA_PEM)))
                .isInstanceOf(WebhookConfigurationNotFoundException.class)
                .hasMessage("no ValidatingWebhookConfiguration named absent");
        assertThat(client.admissionRegistration()
                        .v1()
                        .mutatingWebhookConfigurations()
                        .withName("stickyip")
                        .get()
                        .getWebhooks()
                        .getFirst()
                        .getClientConfig()
                        .getCaBundle())
                .isNull();
    }
}
