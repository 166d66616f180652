package io.stickyip.certs.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.certs.cli.kube.CaBundlePatcher;
import io.stickyip.certs.cli.kube.CertificatePublisher;
import io.stickyip.certs.cli.kube.SecretRef;
import io.stickyip.certs.cli.kube.TlsSecretStore;
import io.stickyip.certs.cli.kube.WebhookTarget;
import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.store.CertificateDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "apply",
        description = "Store the bundle in DIR as a kubernetes.io/tls Secret and set the caBundle "
                + "of every webhook in the named webhook configurations (caBundle first, then the Secret).")
final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Directory holding ca.crt, tls.crt, tls.key.")
    Path directory;

    @Option(names = "--namespace", required = true, paramLabel = "NS", description = "Namespace of the Secret.")
    String namespace;

    @Option(names = "--secret", required = true, paramLabel = "NAME", description = "Name of the Secret.")
    String secret;

    @Option(names = "--mutating-webhook", paramLabel = "NAME", description = "MutatingWebhookConfiguration to patch.")
    Optional<String> mutatingWebhook;

    @Option(
            names = "--validating-webhook",
            paramLabel = "NAME",
            description = "ValidatingWebhookConfiguration to patch.")
    Optional<String> validatingWebhook;

    @Option(
            names = "--kubeconfig",
            paramLabel = "PATH",
            description = "kubeconfig to use (default: KUBECONFIG, ~/.kube/config, or the in-cluster service account).")
    Optional<Path> kubeconfig;

    private final CliContext context;

    ApplyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CertificateBundle bundle = new CertificateDirectory(directory).read();
        List<WebhookTarget> webhooks = Stream.concat(
                        mutatingWebhook.map(WebhookTarget::mutating).stream(),
                        validatingWebhook.map(WebhookTarget::validating).stream())
                .toList();
        try (KubernetesClient client = context.kubernetes().connect(kubeconfig)) {
            CertificatePublisher publisher =
                    new CertificatePublisher(new TlsSecretStore(client), new CaBundlePatcher(client), context.clock());
            publisher
                    .publish(bundle, new SecretRef(namespace, secret), webhooks)
                    .lines()
                    .forEach(spec.commandLine().getOut()::println);
        }
        return 0;
    }
}
