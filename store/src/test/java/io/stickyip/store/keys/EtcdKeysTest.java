package io.stickyip.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.stickyip.core.workload.WorkloadRef;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EtcdKeysTest {

    private static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");
    private final EtcdKeys keys = new EtcdKeys("/stickyip/v1/");

    @Test
    void laysOutTheDocumentedKeys() {
        assertThat(text(keys.ip("2001:db8::7"))).isEqualTo("/stickyip/v1/ips/2001:db8::7");
        assertThat(text(keys.slot(DB, 3))).isEqualTo("/stickyip/v1/workloads/shop/statefulset/db/slots/3");
        assertThat(text(keys.held(DB, "10.0.0.1")))
                .isEqualTo("/stickyip/v1/workloads/shop/statefulset/db/held/10.0.0.1");
        assertThat(text(keys.meta(DB))).isEqualTo("/stickyip/v1/workloads/shop/statefulset/db/meta");
        assertThat(text(EtcdKeys.holderValue(DB))).isEqualTo("shop/statefulset/db");
    }

    @Test
    void aWorkloadsPrefixNeverCoversAnotherWorkloadWhoseNameStartsTheSame() {
        WorkloadRef db2 = new WorkloadRef("shop", "statefulset", "db2");

        assertThat(keys.meta(db2).startsWith(keys.workload(DB))).isFalse();
        assertThat(keys.meta(DB).startsWith(keys.workload(DB))).isTrue();
    }

    @Test
    void parsesWhatItLaysOut() {
        assertThat(keys.parseWorkloadKey(keys.slot(DB, 12))).contains(new EtcdKeys.WorkloadKey.Slot(DB, 12));
        assertThat(keys.parseWorkloadKey(keys.held(DB, "2001:db8::7")))
                .contains(new EtcdKeys.WorkloadKey.Held(DB, "2001:db8::7"));
        assertThat(keys.parseWorkloadKey(keys.meta(DB))).contains(new EtcdKeys.WorkloadKey.Meta(DB));
        assertThat(keys.address(keys.ip("10.0.0.1"))).isEqualTo("10.0.0.1");
        assertThat(EtcdKeys.holder(EtcdKeys.holderValue(DB))).isEqualTo(DB);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/stickyip/v1/workloads/shop/statefulset/db/slots/x",
                "/stickyip/v1/workloads/shop/statefulset/db/future",
                "/stickyip/v1/workloads/shop/statefulset",
                "/stickyip/v1/workloads/shop/statefulset/db/slots/1/extra"
            })
    void ignoresKeysItDoesNotKnow(String key) {
        assertThat(keys.parseWorkloadKey(ByteSequence.from(key, StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/24"})
    void refusesWhatIsNoAddress(String address) {
        assertThatThrownBy(() -> keys.ip(address)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
