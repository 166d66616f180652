package io.stickyip.controller.architecture;

import static io.stickyip.core.architecture.ModuleBoundaries.AWS;
import static io.stickyip.core.architecture.ModuleBoundaries.AWS_SDK;
import static io.stickyip.core.architecture.ModuleBoundaries.CONTROLLER;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.stickyip.core.architecture.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/**
 * Positive control of the webhook's rules (the webhook's {@code WebhookBoundariesTest}): the controller's node-address
 * code, held to them as if it were the webhook (a module that is not one of the aws users), breaks each one: its
 * classes reach the aws module and the controller, and the AWS SDK and the controller are on its class path. (No class of ours calls the SDK itself: the
 * adapter does, so the SDK is held off the webhook by its class path.)
 */
class WebhookRulesControlTest {

    /** {@code io.stickyip.controller.nodes} held to the webhook's rules. */
    static final class NodeAddressesAsTheWebhook extends ModuleBoundaries {
        NodeAddressesAsTheWebhook(String... forbidden) {
            super("io.stickyip.controller.nodes", forbidden);
        }

        void checkClasses(String forbidden) {
            rule(forbidden)
                    .check(new ClassFileImporter()
                            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                            .importPackages("io.stickyip.controller.nodes"));
        }

        void checkClassPath() {
            whatItMustNotReachIsNotOnItsClassPath();
        }
    }

    @Test
    void classesThatReachTheAwsAdapterBreakTheRule() {
        assertThatThrownBy(() -> new NodeAddressesAsTheWebhook(CONTROLLER).checkClasses(AWS))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("reach the aws module; io.stickyip.controller.nodes must not")
                .hasMessageContaining("io.stickyip.aws.");
    }

    @Test
    void classesThatReachTheControllerBreakTheRule() {
        assertThatThrownBy(() -> new NodeAddressesAsTheWebhook(CONTROLLER).checkClasses(CONTROLLER))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.stickyip.controller.nodes must never reach io.stickyip.controller")
                .hasMessageContaining("io.stickyip.controller.nodes.NodeAddressController");
    }

    @Test
    void theControllerOnTheClassPathBreaksTheRule() {
        assertThatThrownBy(() -> new NodeAddressesAsTheWebhook(CONTROLLER).checkClassPath())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "package io.stickyip.controller is on the class path of io.stickyip.controller.nodes");
    }

    @Test
    void theAwsSdkOnTheClassPathBreaksTheRule() {
        assertThatThrownBy(() -> new NodeAddressesAsTheWebhook(AWS_SDK).checkClassPath())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "package software.amazon.awssdk is on the class path of io.stickyip.controller.nodes");
    }
}
