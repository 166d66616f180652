package io.stickyip.agent.cloud;

import static io.stickyip.core.testing.Pools.aws;
import static io.stickyip.core.testing.Pools.catalog;
import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.testing.Pods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudAddressTest {
    static final PoolCatalog POOLS = catalog(
            pool("eips", "203.0.113.0/28", s -> s.setProvider(aws("Name=tag:team,Values=web"))),
            pool("lan", "198.51.100.0/24"),
            pool("node-eips", "192.0.2.0/28", s -> {
                s.setScope(IPPoolSpec.Scope.Node);
                s.setProvider(aws(null));
            }));

    static Pod pod(String ips, String pools, String slot) {
        return Pods.unlabelled(Pods.reserved("shop", "web-1", "shop/deployment/web", slot, ips, pools))
                .editMetadata()
                .withUid("u-1")
                .endMetadata()
                .withNewSpec()
                .withNodeName("w1")
                .endSpec()
                .build();
    }

    @Test
    void theAddressesOfAwsPodPoolsWithTheSlotAsOwnerAndThePoolsFilter() throws ContractViolation {
        assertThat(CloudAddress.of(pod("198.51.100.7,203.0.113.3", "lan,eips", "2"), POOLS))
                .containsExactly(new CloudAddress(
                        "eips",
                        AddressFilter.parse("f", "Name=tag:team,Values=web"),
                        "203.0.113.3",
                        "shop/deployment/web/2"));
    }

    @ParameterizedTest(name = "none for {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a static pool only        | 198.51.100.7 | lan       | 0",
                "an incomplete contract    | 203.0.113.3  | eips      | ",
                "a node pool               | 192.0.2.3    | node-eips | 0",
                "a pool that does not exist| 203.0.113.3  | gone      | 0"
            })
    void noneForPodsWithoutAPodLevelAwsAddress(String what, String ips, String pools, String slot)
            throws ContractViolation {
        assertThat(CloudAddress.of(pod(ips, pools, slot), POOLS)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "aws:///us-east-1a/i-0123456789abcdef0 | i-0123456789abcdef0",
                "aws:///i-0123abcd                     | i-0123abcd",
                "aws://us-east-1a/i-0123abcd           | i-0123abcd",
                "kind://docker/kind/node               | ",
                "aws:///us-east-1a/vol-0123            | "
            })
    void theInstanceOfAProviderId(String providerId, String instance) {
        assertThat(InstanceIds.of(providerId).orElse(null)).isEqualTo(instance);
    }
}
