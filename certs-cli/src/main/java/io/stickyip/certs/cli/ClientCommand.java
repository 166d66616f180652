package io.stickyip.certs.cli;

import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.KeyedCertificate;
import io.stickyip.certs.store.CertificateDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "client",
        description = "Issue a client certificate (clientAuth) into DIR (ca.crt, tls.crt, tls.key), signed by "
                + "the CA in CA_DIR; a CA is created there (ca.crt, ca.key) if it has none. For callers a TLS server verifies: "
                + "the API server calling the webhook, the webhook calling etcd.")
final class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--ca-dir",
            required = true,
            paramLabel = "CA_DIR",
            description = "Directory of the signing CA (ca.crt, ca.key).")
    Path caDirectory;

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Directory for the client's files; created if missing.")
    Path directory;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "CN",
            description = "The client's common name (its user name to the server).")
    String commonName;

    @Option(names = "--org", paramLabel = "O", description = "An organization (group) of the client; may be repeated.")
    List<String> organizations = new ArrayList<>();

    @Mixin
    ValidityOptions validity;

    private final CliContext context;

    ClientCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var valid = validity.validity();
        CertificateDirectory caDir = new CertificateDirectory(caDirectory);
        Optional<KeyedCertificate> existing = caDir.readCa();
        KeyedCertificate ca = existing.orElseGet(() -> context.issuer().issueCa(valid.ca()));
        if (existing.isEmpty()) {
            caDir.writeCa(ca);
        }
        KeyedCertificate client = context.issuer().issueClient(ca, commonName, organizations, valid.serving());
        new CertificateDirectory(directory)
                .write(new CertificateBundle(
                        ca.certificatePem(), client.certificatePem(), client.privateKeyPem(), client.notAfter()));
        PrintWriter out = spec.commandLine().getOut();
        out.println("CA: " + (existing.isPresent() ? "kept" : "new") + ", valid until " + ca.notAfter());
        out.println("client certificate: CN=" + commonName
                + (organizations.isEmpty() ? "" : " O=" + String.join(",", organizations)) + ", valid until "
                + client.notAfter());
        out.println("wrote " + directory.resolve("{ca.crt,tls.crt,tls.key}"));
        return 0;
    }
}
