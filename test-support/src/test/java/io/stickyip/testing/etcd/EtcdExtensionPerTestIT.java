package io.stickyip.testing.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On an instance field: a fresh etcd for each test. Both tests write the same key and first check it
 * is absent, so whichever runs second fails if it got the first one's etcd; after both, neither etcd is left running.
 */
class EtcdExtensionPerTestIT {

    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.plain();

    private static final List<String> ENDPOINTS = new CopyOnWriteArrayList<>();
    private String seenInBeforeEach;

    @BeforeEach
    void etcdIsUpForBeforeEach() {
        seenInBeforeEach = etcd.endpoint();
        ENDPOINTS.add(seenInBeforeEach);
    }

    @AfterAll
    static void eachEtcdWasKilledAfterItsTest() {
        assertThat(ENDPOINTS).hasSize(2);
        for (String endpoint : ENDPOINTS) {
            assertThatThrownBy(() -> EtcdHttp.holdsAny(endpoint, "written-by-a-test"))
                    .as("nothing listens at %s any more", endpoint)
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void oneTestHasAnEtcdOfItsOwn() throws Exception {
        writesIntoAnEmptyEtcd();
    }

    @Test
    void anotherTestHasAnEtcdOfItsOwn() throws Exception {
        writesIntoAnEmptyEtcd();
    }

    private void writesIntoAnEmptyEtcd() throws Exception {
        assertThat(etcd.running()).isTrue();
        assertThat(etcd.endpoint()).isEqualTo(seenInBeforeEach);
        assertThat(EtcdHttp.holdsAny(etcd.endpoint(), "written-by-a-test"))
                .as("a key a test wrote before")
                .isFalse();
        EtcdHttp.put(etcd.endpoint(), "written-by-a-test", "x");
        assertThat(EtcdHttp.holds(etcd.endpoint(), "written-by-a-test", "x")).isTrue();
    }
}
