package io.stickyip.agent.cloud;

import io.fabric8.kubernetes.api.model.Node;
import io.stickyip.core.cloud.aws.ProviderIds;
import java.util.Optional;

/** The EC2 instance of a Node, from its {@code spec.providerID} (core's {@link ProviderIds}, as the webhook reads it). */
public final class InstanceIds {

    private InstanceIds() {}

    /** The instance ID, or empty for another provider's ID, none, or a malformed one. */
    public static Optional<String> of(String providerId) {
        return ProviderIds.awsInstance(providerId);
    }

    public static Optional<String> of(Node node) {
        return node == null || node.getSpec() == null
                ? Optional.empty()
                : of(node.getSpec().getProviderID());
    }
}
