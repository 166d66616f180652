package io.stickyip.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Provider;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one lookup of a pool's provider, and what each provider offers. */
class ProvidersTest {

    static Provider provider(Provider.Type type) {
        Provider p = new Provider();
        p.setType(type);
        return p;
    }

    @ParameterizedTest
    @EnumSource(Provider.Type.class)
    void everyTypeHasItsProvider(Provider.Type type) {
        assertThat(Providers.of(provider(type)).type()).isEqualTo(type);
    }

    @Test
    void noProviderOrNoTypeIsStaticTheFieldsDefault() {
        assertThat(Providers.of((Provider) null)).isSameAs(Providers.STATIC);
        assertThat(Providers.of(provider(null))).isSameAs(Providers.STATIC);
        assertThat(Providers.of((IPPoolSpec) null)).isSameAs(Providers.STATIC);
        IPPool pool = new IPPool();
        pool.setSpec(new IPPoolSpec());
        assertThat(Providers.of(pool)).isSameAs(Providers.STATIC);
        pool.getSpec().setProvider(provider(Provider.Type.AWS));
        assertThat(Providers.of(pool)).isSameAs(Providers.AWS);
    }

    @Test
    void staticAddressesAreThePoolsOwnRoutedToTheNodeAndNotAudited() {
        AddressProvider p = Providers.of(provider(Provider.Type.STATIC));
        assertThat(p.nodeCandidates()).isEqualTo(AddressProvider.Candidates.POOL_SPACE);
        assertThat(p.binding(IPPoolSpec.Scope.Node)).isEqualTo(AddressProvider.Binding.ROUTED);
        assertThat(p.binding(IPPoolSpec.Scope.Pod)).isEqualTo(AddressProvider.Binding.ROUTED);
        assertThat(p.audited()).isFalse();
    }

    @Test
    void awsAddressesAreListedByTheCloudBoundThereAndAudited() {
        AddressProvider p = Providers.of(provider(Provider.Type.AWS));
        assertThat(p.nodeCandidates()).isEqualTo(AddressProvider.Candidates.CLOUD_LISTING);
        assertThat(p.binding(IPPoolSpec.Scope.Node)).isEqualTo(AddressProvider.Binding.CLOUD);
        assertThat(p.binding(IPPoolSpec.Scope.Pod)).isEqualTo(AddressProvider.Binding.CLOUD);
        assertThat(p.audited()).isTrue();
    }

    @Test
    void awsChecksItsFilterAndOrderStaticHasNoSettings() throws ContractViolation {
        Provider bad = provider(Provider.Type.AWS);
        bad.setFilter("Name=tag:kubeip");
        assertThatThrownBy(() -> Providers.of(bad).check(bad))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("spec.provider.filter");
        Provider badOrder = provider(Provider.Type.AWS);
        badOrder.setOrderBy("Colour");
        assertThatThrownBy(() -> Providers.of(badOrder).check(badOrder))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("spec.provider.orderBy");
        Provider good = provider(Provider.Type.AWS);
        good.setTagFilter(Map.of("kubeip", "reserved"));
        Providers.of(good).check(good);
        Provider staticWithAwsFields = provider(Provider.Type.STATIC);
        staticWithAwsFields.setFilter("Name=tag:kubeip"); // not read for static pools, as before the port
        assertThatCode(() -> Providers.of(staticWithAwsFields).check(staticWithAwsFields))
                .doesNotThrowAnyException();
    }
}
