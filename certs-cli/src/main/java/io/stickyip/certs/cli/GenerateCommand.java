package io.stickyip.certs.cli;

import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.SubjectNames;
import io.stickyip.certs.rotate.DirectoryRotation;
import io.stickyip.certs.rotate.Fraction;
import io.stickyip.certs.rotate.RotationDecision;
import io.stickyip.certs.rotate.RotationOutcome;
import io.stickyip.certs.rotate.RotationPolicy;
import io.stickyip.certs.store.CertificateDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "generate",
        description = "Issue a serving certificate into DIR (ca.crt, tls.crt, tls.key, ca.key). "
                + "A CA already in DIR is kept while it outlives the new certificate, so the caBundle stays.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Directory for the files; created if missing.")
    Path directory;

    @Mixin
    NameOptions names;

    @Mixin
    ValidityOptions validity;

    private final CliContext context;

    GenerateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SubjectNames requested = names.required();
        RotationPolicy policy = new RotationPolicy(validity.validity(), Fraction.ONE_THIRD);
        DirectoryRotation rotation = new DirectoryRotation(context.issuer(), policy, context.clock());

        RotationOutcome outcome = rotation.rotate(new CertificateDirectory(directory), Optional.of(requested), true);

        PrintWriter out = spec.commandLine().getOut();
        CertificateBundle written = outcome.written().orElseThrow();
        out.println(
                switch (outcome.decision()) {
                    case RotationDecision.ReissueAll all ->
                        "CA: new (" + all.reason() + "), valid until "
                                + written.caCertificate().getNotAfter().toInstant();
                    default ->
                        "CA: kept, valid until "
                                + written.caCertificate().getNotAfter().toInstant();
                });
        out.println("serving certificate: " + requested + ", valid until " + written.notAfter());
        out.println("wrote " + directory.resolve("{ca.crt,ca.key,tls.crt,tls.key}"));
        return 0;
    }
}
