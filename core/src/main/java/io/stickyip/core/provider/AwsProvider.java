package io.stickyip.core.provider;

import io.stickyip.core.cloud.aws.AwsPoolSettings;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Provider;

/**
 * {@code provider: aws}: Elastic IPs. A node pool's candidates are the EIPs its filter matches
 * ({@link AwsPoolSettings}); node and pod addresses are bound by EC2 associations (the aws module's adapter, run by
 * the node-address controller and by the agent's pod cloud); the audit reconciles EC2 with the store. The pure
 * decisions are in {@code io.stickyip.core.cloud.aws}.
 */
public record AwsProvider() implements AddressProvider {

    @Override
    public Provider.Type type() {
        return Provider.Type.AWS;
    }

    @Override
    public Candidates nodeCandidates() {
        return Candidates.CLOUD_LISTING;
    }

    @Override
    public Binding binding(IPPoolSpec.Scope scope) {
        return Binding.CLOUD;
    }

    @Override
    public boolean audited() {
        return true;
    }

    @Override
    public void check(Provider settings) throws ContractViolation {
        AwsPoolSettings.of(settings); // filter, tagFilter, orderBy
    }
}
