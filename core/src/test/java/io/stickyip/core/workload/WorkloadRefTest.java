package io.stickyip.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadRefTest {

    @Test
    void readsAsKindNamespaceAndName() {
        WorkloadRef ref = new WorkloadRef("shop", "Deployment", "db");

        assertThat(ref.kind()).isEqualTo("deployment");
        assertThat(ref.key()).isEqualTo("shop/deployment/db");
        assertThat(ref).hasToString("deployment shop/db");
    }

    @ParameterizedTest(name = "parses its key {0} back")
    @ValueSource(strings = {"shop/deployment/db", "default/statefulset/web", "ns/pod/job-runner-3f2a9c1e7b4d"})
    void parsesItsKeyBack(String key) {
        assertThat(WorkloadRef.parse(key).key()).isEqualTo(key);
    }

    @ParameterizedTest(name = "refuses the key {0}")
    @ValueSource(strings = {"", "shop/db", "shop//db", "/deployment/db", "shop/deployment/", "a/b/c/d"})
    void refusesAMalformedKey(String key) {
        assertThatThrownBy(() -> WorkloadRef.parse(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesASlashInAPart() {
        assertThatThrownBy(() -> new WorkloadRef("shop", "deployment", "a/b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkloadRef(null, "deployment", "db")).isInstanceOf(NullPointerException.class);
    }
}
