package io.stickyip.certs.cli;

import io.stickyip.certs.issue.Validity;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --days} and {@code --ca-days}. */
final class ValidityOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--days",
            paramLabel = "N",
            description = "Validity of a new serving certificate in days (default: ${DEFAULT-VALUE}).")
    long servingDays = Validity.DEFAULT_SERVING.toDays();

    @Option(
            names = "--ca-days",
            paramLabel = "N",
            description = "Validity of a new CA in days (default: ${DEFAULT-VALUE}).")
    long caDays = Validity.DEFAULT_CA.toDays();

    Validity validity() {
        if (servingDays <= 0 || caDays <= 0) {
            throw new ParameterException(spec.commandLine(), "--days and --ca-days must be positive");
        }
        if (caDays <= servingDays) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--ca-days (" + caDays + ") must be more than --days (" + servingDays
                            + "): a certificate cannot outlive its CA");
        }
        return Validity.ofDays(caDays, servingDays);
    }
}
