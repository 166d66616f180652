package io.stickyip.certs.cli;

import static io.stickyip.certs.cli.kube.WebhookConfigurations.mutating;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.stickyip.certs.cli.kube.SecretRef;
import io.stickyip.certs.cli.kube.TlsSecretStore;
import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.store.CertificateDirectory;
import io.stickyip.certs.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class ApplyCommandTest {
    private static final SecretRef SECRET = new SecretRef("stickyip-system", "stickyip-webhook-tls");

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path temp;

    private CliContext context;
    private CertificateBundle bundle;

    @BeforeEach
    void setUp() {
        context = new CliContext(
                Clock.systemUTC(),
                new CertificateIssuer(Clock.systemUTC(), new SecureRandom()),
                kubeconfig -> server.createClient());
        IssuedCertificates issued = new TestPki().issue(Duration.ofDays(30), Duration.ofDays(10));
        new CertificateDirectory(temp).write(issued);
        bundle = issued.bundle();
        client.resource(mutating("stickyip", "pods.stickyip.io")).create();
    }

    @Test
    void applyWritesTheSecretAndPatchesTheCaBundle() {
        CliRun run = CliRun.run(
                context,
                "apply",
                "--dir",
                temp.toString(),
                "--namespace",
                SECRET.namespace(),
                "--secret",
                SECRET.name(),
                "--mutating-webhook",
                "stickyip");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                patched caBundle of 1 webhook in MutatingWebhookConfiguration stickyip
                created secret stickyip-system/stickyip-webhook-tls
                """);
        assertThat(new TlsSecretStore(client).read(SECRET)).contains(bundle);
        assertThat(caBundle()).isEqualTo(bundle.caCertPem());
    }

    @Test
    void applyWithoutWebhooksOnlyWritesTheSecret() {
        CliRun run = CliRun.run(
                context,
                "apply",
                "--dir",
                temp.toString(),
                "--namespace",
                SECRET.namespace(),
                "--secret",
                SECRET.name());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("created secret stickyip-system/stickyip-webhook-tls\n");
        assertThat(caBundle()).isNull();
    }

    @Test
    void aMissingWebhookConfigurationExitsOneAndWritesNothing() {
        CliRun run = CliRun.run(
                context,
                "apply",
                "--dir",
                temp.toString(),
                "--namespace",
                SECRET.namespace(),
                "--secret",
                SECRET.name(),
                "--mutating-webhook",
                "stickyip",
                "--validating-webhook",
                "absent");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no ValidatingWebhookConfiguration named absent\n");
        assertThat(client.secrets()
                        .inNamespace(SECRET.namespace())
                        .withName(SECRET.name())
                        .get())
                .isNull();
        assertThat(caBundle()).isNull();
    }

    @Test
    void applyReadsTheClusterFromAKubeconfigFile() throws Exception {
        Path kubeconfig = temp.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                contexts:
                - name: mock
                  context: {cluster: mock, user: tester, namespace: default}
                current-context: mock
                users:
                - name: tester
                  user: {token: secret-token}
                """.formatted(client.getMasterUrl()));
        CliContext realConnector = new CliContext(context.clock(), context.issuer(), KubernetesConnector.fabric8());

        CliRun run = CliRun.run(
                realConnector,
                "apply",
                "--dir",
                temp.toString(),
                "--namespace",
                SECRET.namespace(),
                "--secret",
                SECRET.name(),
                "--kubeconfig",
                kubeconfig.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Secret stored = client.secrets()
                .inNamespace(SECRET.namespace())
                .withName(SECRET.name())
                .get();
        assertThat(stored.getType()).isEqualTo("kubernetes.io/tls");
    }

    @Test
    void aMissingKubeconfigExitsOne() {
        CliContext realConnector = new CliContext(context.clock(), context.issuer(), KubernetesConnector.fabric8());

        CliRun run = CliRun.run(
                realConnector,
                "apply",
                "--dir",
                temp.toString(),
                "--namespace",
                "ns",
                "--secret",
                "s",
                "--kubeconfig",
                temp.resolve("nope").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: cannot read kubeconfig " + temp.resolve("nope") + "\n");
    }

    private String caBundle() {
        String value = client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("stickyip")
                .get()
                .getWebhooks()
                .getFirst()
                .getClientConfig()
                .getCaBundle();
        return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }
}
