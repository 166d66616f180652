package io.stickyip.certs.cli;

import io.stickyip.certs.rotate.DirectoryRotation;
import io.stickyip.certs.rotate.Fraction;
import io.stickyip.certs.rotate.RotationOutcome;
import io.stickyip.certs.rotate.RotationPolicy;
import io.stickyip.certs.store.CertificateDirectory;
import io.stickyip.certs.store.CertificateStoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "rotate",
        description =
                "Renew the certificates in DIR if due: the serving certificate when less than "
                        + "the renewal fraction of its lifetime is left, its names changed or another CA signed it; the CA too when it "
                        + "would not outlive a new serving certificate. Without --dns, --ip or --service the current names are kept.")
final class RotateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory holding the files.")
    Path directory;

    @Mixin
    NameOptions names;

    @Mixin
    ValidityOptions validity;

    @Option(
            names = "--renew-fraction",
            paramLabel = "N/D",
            defaultValue = "1/3",
            description = "Renew when less than this fraction of the lifetime is left (default: ${DEFAULT-VALUE}).")
    Fraction renewWhenLeft;

    @Option(
            names = "--force",
            description = "Renew the serving certificate even if it is not due (the CA is kept if it can be).")
    boolean force;

    private final CliContext context;

    RotateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        RotationPolicy policy = new RotationPolicy(validity.validity(), renewWhenLeft);
        if (!Files.isDirectory(directory)) {
            throw new CertificateStoreException("no such directory: " + directory);
        }
        DirectoryRotation rotation = new DirectoryRotation(context.issuer(), policy, context.clock());

        RotationOutcome outcome = rotation.rotate(new CertificateDirectory(directory), names.names(), force);

        PrintWriter out = spec.commandLine().getOut();
        out.println(outcome.summary());
        outcome.written().ifPresent(bundle -> out.println("serving certificate valid until " + bundle.notAfter()));
        return 0;
    }
}
