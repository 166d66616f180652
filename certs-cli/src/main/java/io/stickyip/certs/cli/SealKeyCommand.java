package io.stickyip.certs.cli;

import io.stickyip.certs.store.SealKeyFiles;
import io.stickyip.core.contract.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "seal-key",
        description = "Create the webhook's seal key in DIR: seal.key (Ed25519 private key, PKCS#8 PEM, "
                + "mode 0600) for the webhook's STICKYIP_SEAL_KEY, seal.pub (public key, X.509 PEM) for the agents' "
                + "STICKYIP_SEAL_PUBLIC_KEYS. An existing key is kept unless --force.")
final class SealKeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Directory for the files; created if missing.")
    Path directory;

    @Option(names = "--force", description = "Replace a key already in DIR.")
    boolean force;

    SealKeyCommand(CliContext context) {
        // no clock or issuer needed; the context keeps the constructor alike with the other commands
    }

    @Override
    public Integer call() {
        SigningKey key = SigningKey.generate();
        SealKeyFiles.write(directory, key, force);
        PrintWriter out = spec.commandLine().getOut();
        out.println("seal key " + key.keyId() + ": wrote " + directory.resolve(SealKeyFiles.PRIVATE_FILE) + " and "
                + directory.resolve(SealKeyFiles.PUBLIC_FILE));
        return 0;
    }
}
