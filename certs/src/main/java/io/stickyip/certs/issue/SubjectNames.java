package io.stickyip.certs.issue;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.Addresses;
import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subject alternative names of a serving certificate: DNS names (lower case, no
 * duplicates, in the order given) and IP addresses. Equality is order-insensitive, as it is
 * for a TLS client checking a name.
 */
public record SubjectNames(List<String> dnsNames, List<InetAddress> ipAddresses) {
    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final int MAX_DNS_NAME_LENGTH = 253;
    private static final String CLUSTER_DOMAIN = "cluster.local";
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    public SubjectNames {
        dnsNames = List.copyOf(new LinkedHashSet<>(dnsNames));
        ipAddresses = List.copyOf(new LinkedHashSet<>(ipAddresses));
    }

    /** The SANs of {@code certificate} (DNS names and IP addresses; other kinds are ignored). */
    public static SubjectNames of(X509Certificate certificate) {
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new PemFormatException(
                    "unreadable subjectAltName in "
                            + certificate.getSubjectX500Principal().getName(),
                    e);
        }
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (List<?> entry : entries == null ? List.<List<?>>of() : entries) {
            switch ((Integer) entry.get(0)) {
                case SAN_DNS -> dns.add((String) entry.get(1));
                case SAN_IP -> ips.add((String) entry.get(1));
                default -> {}
            }
        }
        return parse(dns, ips);
    }

    /** Parses DNS names and IP address literals as a user typed them; never resolves a name. */
    public static SubjectNames parse(List<String> dnsNames, List<String> ipAddresses) {
        return new SubjectNames(
                dnsNames.stream().map(SubjectNames::dnsName).toList(),
                ipAddresses.stream().map(SubjectNames::ipAddress).toList());
    }

    /**
     * The four names a client inside the cluster may use for Service {@code name} in
     * {@code namespace}: {@code name}, {@code name.namespace}, {@code name.namespace.svc} and
     * {@code name.namespace.svc.cluster.local}.
     */
    public static List<String> serviceDnsNames(String name, String namespace) {
        String service = dnsName(name + "." + namespace);
        return List.of(dnsName(name), service, service + ".svc", service + ".svc." + CLUSTER_DOMAIN);
    }

    public boolean isEmpty() {
        return dnsNames.isEmpty() && ipAddresses.isEmpty();
    }

    /** The name a certificate's subject CN carries: the first DNS name, else the first address. */
    public String primaryName() {
        if (isEmpty()) {
            throw new IllegalStateException("no names");
        }
        return dnsNames.isEmpty() ? ipAddresses.getFirst().getHostAddress() : dnsNames.getFirst();
    }

    /** Names in one list and not the other, for a message: {@code +new.example -old.example}. */
    public String differenceFrom(SubjectNames other) {
        List<String> changes = new ArrayList<>();
        texts().stream().filter(n -> !other.texts().contains(n)).forEach(n -> changes.add("+" + n));
        other.texts().stream().filter(n -> !texts().contains(n)).forEach(n -> changes.add("-" + n));
        return String.join(" ", changes);
    }

    private Set<String> texts() {
        Set<String> all = new LinkedHashSet<>(dnsNames);
        ipAddresses.forEach(a -> all.add(a.getHostAddress()));
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectNames other
                && Set.copyOf(dnsNames).equals(Set.copyOf(other.dnsNames))
                && Set.copyOf(ipAddresses).equals(Set.copyOf(other.ipAddresses));
    }

    @Override
    public int hashCode() {
        return Set.copyOf(dnsNames).hashCode() * 31 + Set.copyOf(ipAddresses).hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", texts());
    }

    private static String dnsName(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (name.length() > MAX_DNS_NAME_LENGTH || !DNS_NAME.matcher(name).matches()) {
            throw new InvalidSubjectNameException(text, "is not a DNS name");
        }
        return name;
    }

    private static InetAddress ipAddress(String text) {
        return Addresses.parse(text)
                .map(IPAddress::toInetAddress)
                .orElseThrow(() -> new InvalidSubjectNameException(text, "is not an IP address"));
    }
}
