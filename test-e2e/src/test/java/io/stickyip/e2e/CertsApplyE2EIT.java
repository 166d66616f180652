package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code stickyip-certs apply} against the real kube-apiserver: the local cluster's set-up publishes
 * the webhook's certificate with it (no base64 in shell), and the API server then calls the webhook
 * trusting that caBundle (every admission in the suite goes through it).
 */
class CertsApplyE2EIT {
    static ClusterHarness cluster;
    static KubernetesClient k;

    @BeforeAll
    static void setUp() {
        cluster = Clusters.get();
        k = cluster.client();
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    static List<String> caBundles() {
        MutatingWebhookConfiguration m = k.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("stickyip")
                .get();
        ValidatingWebhookConfiguration v = k.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName("stickyip")
                .get();
        return Stream.concat(
                        m.getWebhooks().stream().map(w -> w.getClientConfig().getCaBundle()),
                        v.getWebhooks().stream().map(w -> w.getClientConfig().getCaBundle()))
                .toList();
    }

    @Test
    void theWebhookCertificateIsASecretAndEveryCaBundleTrustsItsCa() {
        Secret secret = k.secrets()
                .inNamespace("stickyip-system")
                .withName("stickyip-webhook-tls")
                .get();

        assertThat(secret).as("Secret stickyip-system/stickyip-webhook-tls").isNotNull();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(decode(secret.getData().get("ca.crt"))).isEqualTo(cluster.webhookCaPem());
        assertThat(decode(secret.getData().get("tls.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(decode(secret.getData().get("tls.key"))).contains("PRIVATE KEY-----");
        assertThat(caBundles()).hasSize(3).allSatisfy(b -> assertThat(decode(b)).isEqualTo(cluster.webhookCaPem()));
    }

    @Test
    void applyingTheSameBundleAgainChangesNothing() {
        String versionBefore = k.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("stickyip")
                .get()
                .getMetadata()
                .getResourceVersion();

        String out = cluster.applyWebhookCertificates();

        assertThat(out)
                .contains("caBundle of 1 webhook in MutatingWebhookConfiguration stickyip already current")
                .contains("caBundle of 2 webhooks in ValidatingWebhookConfiguration stickyip already current")
                .contains("secret stickyip-system/stickyip-webhook-tls already current");
        assertThat(k.admissionRegistration()
                        .v1()
                        .mutatingWebhookConfigurations()
                        .withName("stickyip")
                        .get()
                        .getMetadata()
                        .getResourceVersion())
                .isEqualTo(versionBefore);
        assertThat(caBundles()).allSatisfy(b -> assertThat(decode(b)).isEqualTo(cluster.webhookCaPem()));
    }
}
