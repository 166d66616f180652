package io.stickyip.controller.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.core.architecture.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/**
 * Positive control of the rule that only the webhook and the controller reach the store (ModuleBoundaries): the
 * controller's node-address code uses the store, and checked as a module of its own, which is not one of the store's
 * users, it breaks the rule twice, by its classes and by its class path. The controller itself passes
 * ({@link ControllerBoundariesTest}), and so does the webhook (its {@code WebhookBoundariesTest}).
 */
class StoreBoundaryControlTest {

    /** {@code io.stickyip.controller.nodes} as if it were a module of its own, say an AWS module; nothing else forbidden. */
    static final class NodeAddressesAsAModule extends ModuleBoundaries {
        NodeAddressesAsAModule() {
            super("io.stickyip.controller.nodes");
        }

        void checkClasses() {
            noClassOfTheModuleDependsOnWhatItMustNotReach();
        }

        void checkClassPath() {
            whatItMustNotReachIsNotOnItsClassPath();
        }
    }

    @Test
    void classesOfAModuleThatIsNotAStoreUserAndUseTheStoreBreakTheRule() {
        assertThatThrownBy(() -> new NodeAddressesAsAModule().checkClasses())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "only io.stickyip.controller and io.stickyip.webhook reach the etcd store; io.stickyip.controller.nodes must not")
                .hasMessageContaining("io.stickyip.store.nodes.NodeAddressStore");
    }

    @Test
    void theStoreOnTheClassPathOfAModuleThatIsNotAStoreUserBreaksTheRule() {
        assertThatThrownBy(() -> new NodeAddressesAsAModule().checkClassPath())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("package io.stickyip.store is on the class path of io.stickyip.controller.nodes");
    }
}
