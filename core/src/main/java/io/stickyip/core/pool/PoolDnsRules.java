package io.stickyip.core.pool;

import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.Dns;
import io.stickyip.core.pool.v1alpha1.DnsOption;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pool's {@code spec.dns} on its own: what the API server would refuse in a pod's
 * {@code dnsConfig} is refused here, in the pool, naming the value and the rule.
 */
public final class PoolDnsRules {
    /** The API server's limits on a pod's dnsConfig (libc's resolver: 3 servers). */
    public static final int MAX_NAMESERVERS = 3;

    public static final int MAX_SEARCHES = 32;
    public static final int MAX_SEARCH_CHARS = 2048;
    private static final int MAX_NAME = 253;
    private static final String LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final Pattern SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    /** A resolv.conf option word: no blank, no ':' (resolv.conf writes name:value). */
    private static final Pattern OPTION_NAME = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.]*");

    private static final Pattern OPTION_VALUE = Pattern.compile("[^\\s:]+");

    private PoolDnsRules() {}

    public static void check(Dns dns) throws ContractViolation {
        if (dns == null) {
            return;
        }
        if (dns.getNameservers().size() > MAX_NAMESERVERS) {
            throw new ContractViolation(
                    "spec.dns.nameservers",
                    String.join(",", dns.getNameservers()),
                    "has " + dns.getNameservers().size() + " servers: a pod has at most " + MAX_NAMESERVERS);
        }
        for (String server : dns.getNameservers()) {
            if (server == null || Addresses.parse(server).isEmpty()) {
                throw new ContractViolation("spec.dns.nameservers", shown(server), "is not an IP address");
            }
        }
        searches(dns);
        options(dns);
    }

    private static void searches(Dns dns) throws ContractViolation {
        if (dns.getSearch().size() > MAX_SEARCHES) {
            throw new ContractViolation(
                    "spec.dns.search",
                    String.join(",", dns.getSearch()),
                    "has " + dns.getSearch().size() + " domains: a pod has at most " + MAX_SEARCHES);
        }
        for (String domain : dns.getSearch()) {
            if (domain == null
                    || domain.length() > MAX_NAME
                    || !SUBDOMAIN.matcher(domain).matches()) {
                throw new ContractViolation(
                        "spec.dns.search",
                        shown(domain),
                        "is not a DNS name (lower-case alphanumerics and '-' in labels of at most 63, separated by '.', at most "
                                + MAX_NAME + " characters)");
            }
        }
        int chars = String.join(" ", dns.getSearch()).length();
        if (chars > MAX_SEARCH_CHARS) {
            throw new ContractViolation(
                    "spec.dns.search",
                    String.join(",", dns.getSearch()),
                    "is " + chars + " characters long: a pod's search list has at most " + MAX_SEARCH_CHARS);
        }
    }

    private static void options(Dns dns) throws ContractViolation {
        Set<String> seen = new HashSet<>();
        for (DnsOption o : dns.getOptions()) {
            String name = o == null ? null : o.getName();
            if (name == null || !OPTION_NAME.matcher(name).matches()) {
                throw new ContractViolation(
                        "spec.dns.options.name",
                        shown(name),
                        "is not a resolver option name (letters, digits, '-', '_', '.'; no blank, no ':')");
            }
            if (o.getValue() != null && !OPTION_VALUE.matcher(o.getValue()).matches()) {
                throw new ContractViolation(
                        "spec.dns.options.value",
                        o.getValue(),
                        "of option " + name + " is not a resolver option value (no blank, no ':')");
            }
            if (!seen.add(name)) {
                throw new ContractViolation("spec.dns.options.name", name, "is set twice: an option has one value");
            }
        }
    }

    private static String shown(String value) {
        return value == null ? "(none)" : value;
    }
}
