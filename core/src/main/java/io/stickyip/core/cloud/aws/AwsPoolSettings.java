package io.stickyip.core.cloud.aws;

import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.Provider;

/**
 * An aws pool's address selection, read from its {@code spec.provider}: the filter (the KubeIP
 * shorthand in {@code filter} ANDed with the map form in {@code tagFilter}) and the order. Errors name
 * the field, the value and the rule.
 */
public record AwsPoolSettings(AddressFilter filter, AddressOrder order) {

    public static AwsPoolSettings of(Provider provider) throws ContractViolation {
        AddressFilter tags = AddressFilter.ofTags("spec.provider.tagFilter", provider.getTagFilter());
        AddressFilter shorthand = AddressFilter.parse("spec.provider.filter", provider.getFilter());
        AddressFilter filter = tags.and("spec.provider.filter", shorthand);
        return new AwsPoolSettings(filter, AddressOrder.parse("spec.provider.orderBy", provider.getOrderBy()));
    }
}
