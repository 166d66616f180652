package io.stickyip.testing.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On a static field: one etcd for the class and its nested classes, running at the start of every test, the same ports and data throughout. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdExtensionIT {

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    private static String seenInBeforeAll;
    private static String seenByTheFirstTest;

    @BeforeAll
    static void etcdIsUpForBeforeAll() throws Exception {
        seenInBeforeAll = etcd.endpoint();
        EtcdHttp.put(seenInBeforeAll, "written-in-before-all", "yes");
    }

    @Test
    @Order(1)
    void aTestFindsEtcdRunningAndMayStopIt() throws Exception {
        assertThat(etcd.running()).isTrue();
        assertThat(etcd.endpoint()).isEqualTo(seenInBeforeAll).startsWith("http://127.0.0.1:");
        assertThat(etcd.tls()).isEmpty();
        seenByTheFirstTest = etcd.endpoint();
        EtcdHttp.put(etcd.endpoint(), "written-by-the-first-test", "1");

        etcd.stop();

        assertThat(etcd.running()).isFalse();
        assertThatThrownBy(() -> EtcdHttp.holdsAny(seenByTheFirstTest, "written-by-the-first-test"))
                .as("nothing listens on a stopped etcd's port")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    @Order(2)
    void theNextTestFindsItRestartedOnTheSamePortsAndData() throws Exception {
        assertThat(etcd.running()).isTrue();
        assertThat(etcd.endpoint()).isEqualTo(seenByTheFirstTest);
        assertThat(EtcdHttp.holds(etcd.endpoint(), "written-by-the-first-test", "1"))
                .isTrue();
        assertThat(EtcdHttp.holds(etcd.endpoint(), "written-in-before-all", "yes"))
                .isTrue();
    }

    /** Runs after the class's own tests; the class's {@code @AfterAll} then finds the etcd still up. */
    @Nested
    class ANestedClass {
        @Test
        void sharesTheEnclosingClassesEtcd() throws Exception {
            assertThat(etcd.endpoint()).isEqualTo(seenInBeforeAll);
            assertThat(EtcdHttp.holds(etcd.endpoint(), "written-in-before-all", "yes"))
                    .isTrue();
        }
    }

    @AfterAll
    static void etcdIsStillUpForAfterAll() throws Exception {
        assertThat(EtcdHttp.holds(etcd.endpoint(), "written-in-before-all", "yes"))
                .isTrue();
    }
}
