package io.stickyip.core.provider;

import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Provider;

/**
 * The one place a pool picks its provider: {@code spec.provider.type} to its {@link AddressProvider}. No provider
 * (or no type) is {@code static}, the field's default.
 */
public final class Providers {
    public static final AddressProvider STATIC = new StaticProvider();
    public static final AddressProvider AWS = new AwsProvider();

    private Providers() {}

    public static AddressProvider of(Provider provider) {
        if (provider == null || provider.getType() == null) {
            return STATIC;
        }
        return switch (provider.getType()) {
            case STATIC -> STATIC;
            case AWS -> AWS;
        };
    }

    public static AddressProvider of(IPPoolSpec spec) {
        return of(spec == null ? null : spec.getProvider());
    }

    public static AddressProvider of(IPPool pool) {
        return of(pool.getSpec());
    }
}
