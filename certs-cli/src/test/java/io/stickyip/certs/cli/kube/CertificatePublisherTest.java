package io.stickyip.certs.cli.kube;

import static io.stickyip.certs.cli.kube.WebhookConfigurations.decode;
import static io.stickyip.certs.cli.kube.WebhookConfigurations.mutating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.testing.TestPki;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class CertificatePublisherTest {
    private static final TestPki PKI = new TestPki();
    private static final SecretRef SECRET = new SecretRef("stickyip-system", "stickyip-webhook-tls");
    private static final List<WebhookTarget> WEBHOOKS = List.of(WebhookTarget.mutating("stickyip"));

    KubernetesClient client;
    private CertificatePublisher publisher;

    @BeforeEach
    void setUp() {
        client.resource(mutating("stickyip", "pods.stickyip.io")).create();
        publisher =
                new CertificatePublisher(new TlsSecretStore(client), new CaBundlePatcher(client), Clock.systemUTC());
    }

    @Test
    void aFirstPublishTrustsTheCaAndCreatesTheSecret() {
        IssuedCertificates issued = PKI.issue(Duration.ofDays(30), Duration.ofDays(10));

        CertificatePublisher.PublishReport report = publisher.publish(issued.bundle(), SECRET, WEBHOOKS);

        assertThat(report.lines())
                .containsExactly(
                        "patched caBundle of 1 webhook in MutatingWebhookConfiguration stickyip",
                        "created secret stickyip-system/stickyip-webhook-tls");
        assertThat(caBundle()).isEqualTo(issued.bundle().caCertPem());
        assertThat(new TlsSecretStore(client).read(SECRET)).contains(issued.bundle());
    }

    @Test
    void aNewCaIsTrustedBesideThePreviousOneUntilTheNextPublish() {
        IssuedCertificates before = PKI.issue(Duration.ofDays(30), Duration.ofDays(10));
        IssuedCertificates after = PKI.issue(Duration.ofDays(30), Duration.ofDays(10));
        publisher.publish(before.bundle(), SECRET, WEBHOOKS);

        CertificatePublisher.PublishReport change = publisher.publish(after.bundle(), SECRET, WEBHOOKS);
        String duringChange = caBundle();
        CertificatePublisher.PublishReport settle = publisher.publish(after.bundle(), SECRET, WEBHOOKS);

        assertThat(change.lines())
                .containsExactly(
                        "patched caBundle of 1 webhook in MutatingWebhookConfiguration stickyip (trusting the new and the previous CA)",
                        "updated secret stickyip-system/stickyip-webhook-tls");
        assertThat(duringChange)
                .isEqualTo(after.bundle().caCertPem() + before.bundle().caCertPem());
        assertThat(settle.lines())
                .containsExactly(
                        "patched caBundle of 1 webhook in MutatingWebhookConfiguration stickyip",
                        "secret stickyip-system/stickyip-webhook-tls already current");
        assertThat(caBundle()).isEqualTo(after.bundle().caCertPem());
    }

    @Test
    void aRenewedServingCertificateKeepsTheCaBundle() {
        IssuedCertificates issued = PKI.issue(Duration.ofDays(30), Duration.ofDays(10));
        publisher.publish(issued.bundle(), SECRET, WEBHOOKS);

        CertificatePublisher.PublishReport report =
                publisher.publish(PKI.renew(issued, Duration.ofDays(10)).bundle(), SECRET, WEBHOOKS);

        assertThat(report.lines())
                .containsExactly(
                        "caBundle of 1 webhook in MutatingWebhookConfiguration stickyip already current",
                        "updated secret stickyip-system/stickyip-webhook-tls");
    }

    @Test
    void aMissingWebhookConfigurationStopsBeforeTheSecretIsWritten() {
        IssuedCertificates issued = PKI.issue(Duration.ofDays(30), Duration.ofDays(10));

        assertThatThrownBy(() -> publisher.publish(issued.bundle(), SECRET, List.of(WebhookTarget.mutating("absent"))))
                .isInstanceOf(WebhookConfigurationNotFoundException.class)
                .hasMessage("no MutatingWebhookConfiguration named absent");
        assertThat(client.secrets()
                        .inNamespace(SECRET.namespace())
                        .withName(SECRET.name())
                        .get())
                .isNull();
    }

    private String caBundle() {
        return decode(client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("stickyip")
                .get()
                .getWebhooks()
                .getFirst()
                .getClientConfig()
                .getCaBundle());
    }
}
