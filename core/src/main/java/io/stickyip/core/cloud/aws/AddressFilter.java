package io.stickyip.core.cloud.aws;

import io.stickyip.core.contract.ContractViolation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which Elastic IPs belong to a pool: DescribeAddresses filters, ANDed. Written either as KubeIP
 * writes its {@code FILTER} (the AWS CLI shorthand, {@code Name=tag:kubeip,Values=reserved;Name=tag:environment,Values=prod}:
 * terms split on {@code ;}, each {@code Name=NAME,Values=V1,V2}, values ORed within a term) or as a
 * map of tag key to value ({@code {kubeip: reserved}} is {@code Name=tag:kubeip,Values=reserved}).
 *
 * <p>Names are those DescribeAddresses documents (a typo would otherwise make AWS answer
 * "InvalidParameterValue" at run time, long after the pool was accepted). Values may use AWS's
 * wildcards {@code *} and {@code ?}; {@link #matches} applies them the same way, so the filter can be
 * checked against an address already listed.
 */
public record AddressFilter(List<Term> terms) {

    /** The filter names DescribeAddresses accepts besides {@code tag:KEY}. */
    public static final List<String> NAMES = List.of(
            "allocation-id",
            "association-id",
            "domain",
            "instance-id",
            "network-border-group",
            "network-interface-id",
            "network-interface-owner-id",
            "private-ip-address",
            "public-ip",
            "tag-key");

    public record Term(String name, List<String> values) {
        public Term {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return "Name=" + name + ",Values=" + String.join(",", values);
        }
    }

    public AddressFilter {
        terms = List.copyOf(terms);
    }

    public static final AddressFilter NONE = new AddressFilter(List.of());

    /** Parses KubeIP's FILTER verbatim; {@code field} names the setting in error messages. */
    public static AddressFilter parse(String field, String shorthand) throws ContractViolation {
        if (shorthand == null || shorthand.isBlank()) {
            return NONE;
        }
        List<Term> terms = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : shorthand.split(";")) {
            String text = raw.strip();
            if (text.isEmpty()) {
                continue; // "a;b;" as a shell list often ends: not a term
            }
            Term term = term(field, text);
            if (!seen.add(term.name())) {
                throw new ContractViolation(
                        field,
                        text,
                        "repeats the filter Name " + term.name() + "; list every value in one term (Name=" + term.name()
                                + ",Values=a,b)");
            }
            terms.add(term);
        }
        return new AddressFilter(terms);
    }

    /** The map form: each entry is one {@code tag:KEY} term with one value. */
    public static AddressFilter ofTags(String field, Map<String, String> tags) throws ContractViolation {
        List<Term> terms = new ArrayList<>();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new ContractViolation(field, String.valueOf(e.getKey()), "is not a tag key");
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new ContractViolation(
                        field + "." + e.getKey(),
                        String.valueOf(e.getValue()),
                        "needs a tag value (use Name=tag-key,Values=" + e.getKey() + " in the filter for any value)");
            }
            terms.add(new Term("tag:" + e.getKey(), List.of(e.getValue())));
        }
        return new AddressFilter(terms);
    }

    /** Both forms ANDed (a pool may give both); the same Name twice is refused. */
    public AddressFilter and(String field, AddressFilter other) throws ContractViolation {
        List<Term> all = new ArrayList<>(terms);
        for (Term t : other.terms) {
            if (terms.stream().anyMatch(mine -> mine.name().equals(t.name()))) {
                throw new ContractViolation(
                        field, t.toString(), "repeats the filter Name " + t.name() + " of the other filter form");
            }
            all.add(t);
        }
        return new AddressFilter(all);
    }

    private static Term term(String field, String text) throws ContractViolation {
        String rule =
                "is not Name=NAME,Values=V1[,V2...] (KubeIP's FILTER syntax, as aws ec2 describe-addresses --filters takes it)";
        int comma = text.indexOf(',');
        if (!text.startsWith("Name=") || comma < 0 || !text.startsWith("Values=", comma + 1)) {
            throw new ContractViolation(field, text, rule);
        }
        String name = text.substring("Name=".length(), comma).strip();
        String valueList = text.substring(comma + 1 + "Values=".length());
        if (!knownName(name)) {
            throw new ContractViolation(
                    field,
                    text,
                    "has the filter Name " + (name.isEmpty() ? "\"\"" : name)
                            + ", which DescribeAddresses does not know; known: tag:KEY, " + String.join(", ", NAMES));
        }
        List<String> values = new ArrayList<>();
        for (String v : valueList.split(",", -1)) {
            if (v.isEmpty()) {
                throw new ContractViolation(field, text, "has an empty value in Values (" + rule.substring(7) + ")");
            }
            values.add(v);
        }
        return new Term(name, values);
    }

    private static boolean knownName(String name) {
        return (name.startsWith("tag:") && name.length() > "tag:".length()) || NAMES.contains(name);
    }

    /** Whether an address passes every term, as DescribeAddresses would decide it. */
    public boolean matches(ElasticIp eip) {
        return terms.stream().allMatch(t -> t.values().stream().anyMatch(v -> fieldMatches(eip, t.name(), v)));
    }

    private static boolean fieldMatches(ElasticIp eip, String name, String pattern) {
        if (name.startsWith("tag:")) {
            return eip.tag(name.substring(4)).map(v -> wildcard(pattern, v)).orElse(false);
        }
        if (name.equals("tag-key")) {
            return eip.tags().keySet().stream().anyMatch(k -> wildcard(pattern, k));
        }
        if (name.equals("network-border-group")) {
            return true; // not in ElasticIp: DescribeAddresses applied it when listing
        }
        String value = switch (name) {
            case "allocation-id" -> eip.allocationId();
            case "public-ip" -> eip.publicIp();
            case "domain" -> eip.domain();
            case "association-id" -> eip.associated() ? eip.association().associationId() : null;
            case "instance-id" -> eip.associated() ? eip.association().instanceId() : null;
            case "network-interface-id" -> eip.associated() ? eip.association().networkInterfaceId() : null;
            case "network-interface-owner-id" ->
                eip.associated() ? eip.association().networkInterfaceOwnerId() : null;
            case "private-ip-address" -> eip.associated() ? eip.association().privateIp() : null;
            default -> null;
        };
        return value != null && wildcard(pattern, value);
    }

    /** AWS filter wildcards: {@code *} any run, {@code ?} one character; everything else literal. */
    static boolean wildcard(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }

    /** The KubeIP shorthand again ({@code ;}-joined), for logs and status. */
    @Override
    public String toString() {
        return String.join(";", terms.stream().map(Term::toString).toList());
    }
}
