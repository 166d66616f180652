package io.stickyip.certs.cli;

import io.stickyip.certs.issue.InvalidSubjectNameException;
import io.stickyip.certs.issue.SubjectNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --dns}, {@code --ip} and {@code --service}: the names of the serving certificate. */
final class NameOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--dns",
            split = ",",
            paramLabel = "NAME",
            description = "DNS names for the serving certificate, comma-separated.")
    List<String> dnsNames = new ArrayList<>();

    @Option(
            names = "--ip",
            split = ",",
            paramLabel = "ADDRESS",
            description = "IP addresses for the serving certificate, comma-separated.")
    List<String> ipAddresses = new ArrayList<>();

    @Option(
            names = "--service",
            split = ",",
            paramLabel = "NAMESPACE/NAME",
            description = "A Service whose four cluster DNS names (name, name.namespace, name.namespace.svc, "
                    + "name.namespace.svc.cluster.local) go into the certificate.")
    List<String> services = new ArrayList<>();

    /** The requested names, or empty if none was given; bad input is a usage error. */
    Optional<SubjectNames> names() {
        try {
            List<String> dns = new ArrayList<>(dnsNames);
            services.forEach(service -> dns.addAll(serviceNames(service)));
            SubjectNames names = SubjectNames.parse(dns, ipAddresses);
            return names.isEmpty() ? Optional.empty() : Optional.of(names);
        } catch (InvalidSubjectNameException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The requested names; none is a usage error. */
    SubjectNames required() {
        return names().orElseThrow(() ->
                new ParameterException(spec.commandLine(), "give at least one of --dns, --ip or --service"));
    }

    private List<String> serviceNames(String service) {
        String[] parts = service.split("/", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new ParameterException(spec.commandLine(), "--service " + service + " is not NAMESPACE/NAME");
        }
        return SubjectNames.serviceDnsNames(parts[1], parts[0]);
    }
}
