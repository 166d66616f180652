package io.stickyip.core.placement;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for label keys and values, as {@code k8s.io/apimachinery}'s
 * {@code pkg/api/validate/content} (v0.35.4) states them ({@code IsLabelKey}, {@code IsLabelValue},
 * {@code IsDNS1123Subdomain}): a key is an optional DNS subdomain prefix (at most 253 characters)
 * and '/', then a name of at most 63 alphanumerics, '-', '_' or '.', starting and ending with an
 * alphanumeric; a value is empty or such a name.
 */
public final class LabelSyntax {
    static final int NAME_MAX = 63;
    static final int PREFIX_MAX = 253;
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final String NAME_RULE =
            "consist of alphanumeric characters, '-', '_' or '.' and start and end with an alphanumeric character";

    private LabelSyntax() {}

    /** Whether {@code name} is a DNS subdomain as Kubernetes names most objects (Nodes among them): at most 253 characters. */
    public static boolean isDnsSubdomain(String name) {
        return name != null
                && !name.isEmpty()
                && name.length() <= PREFIX_MAX
                && SUBDOMAIN.matcher(name).matches();
    }

    /** Why {@code key} is not a valid label key, or empty if it is. */
    public static Optional<String> keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("is not a label key: it is empty");
        }
        int slash = key.indexOf('/');
        if (slash != key.lastIndexOf('/')) {
            return Optional.of("is not a label key: at most one '/' (prefix/name)");
        }
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty()
                    || prefix.length() > PREFIX_MAX
                    || !SUBDOMAIN.matcher(prefix).matches()) {
                return Optional.of(
                        "is not a label key: its prefix must be a DNS subdomain (lower-case alphanumerics, '-', '.') of at most "
                                + PREFIX_MAX + " characters");
            }
        }
        String name = key.substring(slash + 1);
        if (name.isEmpty()) {
            return Optional.of("is not a label key: the name after '/' is empty");
        }
        return nameProblem(name).map(p -> "is not a label key: its name " + p);
    }

    /** Why {@code value} is not a valid label value, or empty if it is (the empty value is valid). */
    public static Optional<String> valueProblem(String value) {
        if (value == null) {
            return Optional.of("is not a label value: it is missing");
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return nameProblem(value).map(p -> "is not a label value: it " + p);
    }

    private static Optional<String> nameProblem(String name) {
        if (name.length() > NAME_MAX) {
            return Optional.of("is longer than " + NAME_MAX + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("must " + NAME_RULE);
        }
        return Optional.empty();
    }
}
