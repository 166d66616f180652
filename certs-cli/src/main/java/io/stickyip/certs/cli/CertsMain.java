package io.stickyip.certs.cli;

import io.stickyip.certs.rotate.Fraction;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code stickyip-certs}: issues the webhook's CA and serving certificate into a directory,
 * rotates them, and publishes them to a cluster. Exit codes: 0 done, 1 the command failed
 * (missing directory, unreadable PEM, no such webhook configuration, API error), 2 bad usage.
 */
@Command(
        name = "stickyip-certs",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = CertsMain.Version.class,
        description = "Certificates and the seal key for the stickyip admission webhook.")
public final class CertsMain implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(CliContext.system()).execute(args));
    }

    /** The command line with its subcommands, wired to {@code context}; set out/err on it to capture output. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new CertsMain())
                .addSubcommand(new GenerateCommand(context))
                .addSubcommand(new RotateCommand(context))
                .addSubcommand(new ApplyCommand(context))
                .addSubcommand(new ClientCommand(context))
                .addSubcommand(new SealKeyCommand(context));
        commandLine.registerConverter(Fraction.class, CertsMain::fraction);
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        return commandLine;
    }

    private static Fraction fraction(String text) {
        try {
            return Fraction.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "missing command: generate, rotate, apply, client or seal-key");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "stickyip-certs "
                        + Optional.ofNullable(CertsMain.class.getPackage().getImplementationVersion())
                                .orElse("(development build)")
            };
        }
    }
}
