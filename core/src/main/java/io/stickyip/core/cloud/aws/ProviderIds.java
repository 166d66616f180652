package io.stickyip.core.cloud.aws;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EC2 instance of a Node, from its {@code spec.providerID} as the AWS cloud provider writes it:
 * {@code aws:///ZONE/i-0123456789abcdef0} (also {@code aws:///i-…} and {@code aws://ZONE/i-…}); read by the
 * controller's node-address controller and by the agent.
 */
public final class ProviderIds {
    private static final Pattern AWS = Pattern.compile("aws://(?:/?[a-z0-9-]+)?/(i-[0-9a-f]{8,17})");

    private ProviderIds() {}

    /** The instance ID, or empty for another provider's ID, none, or a malformed one. */
    public static Optional<String> awsInstance(String providerId) {
        if (providerId == null) {
            return Optional.empty();
        }
        Matcher m = AWS.matcher(providerId.strip());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
