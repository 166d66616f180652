package io.stickyip.certs.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.certs.CertsException;
import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.PemFormatException;
import io.stickyip.certs.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class TlsSecretStoreTest {
    private static final TestPki PKI = new TestPki();
    private static final IssuedCertificates ISSUED = PKI.issue(Duration.ofDays(30), Duration.ofDays(10));
    private static final SecretRef REF = new SecretRef("stickyip-system", "stickyip-webhook-tls");

    KubernetesClient client;

    @Test
    void createsATlsSecretWithTheThreeEntries() {
        SecretWrite write = new TlsSecretStore(client).write(REF, ISSUED.bundle());

        Secret stored = stored();
        assertThat(write).isEqualTo(SecretWrite.CREATED);
        assertThat(stored.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(stored.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "stickyip-certs");
        assertThat(stored.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        assertThat(decoded(stored, "tls.crt")).isEqualTo(ISSUED.bundle().certPem());
        assertThat(decoded(stored, "tls.key")).isEqualTo(ISSUED.bundle().keyPem());
        assertThat(decoded(stored, "ca.crt")).isEqualTo(ISSUED.bundle().caCertPem());
    }

    @Test
    void updatesAnExistingSecretKeepingWhatOthersPutThere() {
        client.resource(new SecretBuilder(TlsSecrets.toSecret(REF, ISSUED.bundle()))
                        .editMetadata()
                        .addToAnnotations("team", "net")
                        .addToLabels("app", "stickyip")
                        .endMetadata()
                        .addToData("extra", "eA==")
                        .build())
                .create();
        IssuedCertificates renewed = PKI.renew(ISSUED, Duration.ofDays(10));

        SecretWrite write = new TlsSecretStore(client).write(REF, renewed.bundle());

        Secret stored = stored();
        assertThat(write).isEqualTo(SecretWrite.UPDATED);
        assertThat(decoded(stored, "tls.crt")).isEqualTo(renewed.bundle().certPem());
        assertThat(decoded(stored, "tls.key")).isEqualTo(renewed.bundle().keyPem());
        assertThat(stored.getData()).containsEntry("extra", "eA==");
        assertThat(stored.getMetadata().getAnnotations()).containsEntry("team", "net");
        assertThat(stored.getMetadata().getLabels())
                .containsEntry("app", "stickyip")
                .containsEntry("app.kubernetes.io/managed-by", "stickyip-certs");
    }

    @Test
    void leavesASecretThatIsAlreadyCurrentAlone() {
        TlsSecretStore store = new TlsSecretStore(client);
        store.write(REF, ISSUED.bundle());
        String version = stored().getMetadata().getResourceVersion();

        SecretWrite write = store.write(REF, ISSUED.bundle());

        assertThat(write).isEqualTo(SecretWrite.UNCHANGED);
        assertThat(stored().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void refusesToTurnASecretOfAnotherTypeIntoATlsSecret() {
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withNamespace(REF.namespace())
                        .withName(REF.name())
                        .endMetadata()
                        .withType("Opaque")
                        .addToData("password", "cw==")
                        .build())
                .create();

        assertThatThrownBy(() -> new TlsSecretStore(client).write(REF, ISSUED.bundle()))
                .isInstanceOf(CertsException.class)
                .hasMessageStartingWith(
                        "secret stickyip-system/stickyip-webhook-tls has type Opaque, not kubernetes.io/tls");
        assertThat(stored().getData()).containsOnlyKeys("password");
    }

    @Test
    void readsTheBundleBack() {
        TlsSecretStore store = new TlsSecretStore(client);
        store.write(REF, ISSUED.bundle());

        assertThat(store.read(REF)).contains(ISSUED.bundle());
        assertThat(store.readCaCertPem(REF)).contains(ISSUED.bundle().caCertPem());
    }

    @Test
    void readingAMissingSecretFindsNothing() {
        TlsSecretStore store = new TlsSecretStore(client);

        assertThat(store.read(REF)).isEmpty();
        assertThat(store.readCaCertPem(REF)).isEmpty();
    }

    @Test
    void aSecretWithABrokenEntryIsNamedWhenRead() {
        CertificateBundle bundle = ISSUED.bundle();
        client.resource(new SecretBuilder(TlsSecrets.toSecret(REF, bundle))
                        .addToData("tls.key", "bm90IGEga2V5")
                        .build())
                .create();

        assertThatThrownBy(() -> new TlsSecretStore(client).read(REF))
                .isInstanceOf(PemFormatException.class)
                .hasMessage("secret stickyip-system/stickyip-webhook-tls: tls.key: no PEM PRIVATE KEY block found");
    }

    private Secret stored() {
        return client.secrets()
                .inNamespace(REF.namespace())
                .withName(REF.name())
                .get();
    }

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
