package io.stickyip.aws.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.core.architecture.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/**
 * The aws module is the one module over the AWS SDK; it builds on core alone and knows no deployable, not runtime,
 * not etcd nor the store (the webhook, the controller and the agent call it, not the other way round).
 */
class AwsBoundariesTest extends ModuleBoundaries {
    AwsBoundariesTest() {
        super(AWS, WEBHOOK, CONTROLLER, EXTENDER, AGENT, RUNTIME, JETCD);
    }

    /** This module's classes as if the SDK were forbidden to them: the rule must see that they use it. */
    static final class TheAdapterWithoutTheSdk extends ModuleBoundaries {
        TheAdapterWithoutTheSdk() {
            super(AWS, AWS_SDK);
        }

        void checkClasses() {
            noClassOfTheModuleDependsOnWhatItMustNotReach();
        }

        void checkClassPath() {
            whatItMustNotReachIsNotOnItsClassPath();
        }
    }

    @Test
    void aClassOverTheSdkBreaksARuleThatForbidsTheSdk() { // positive control of the SDK rule the other modules get
        assertThatThrownBy(() -> new TheAdapterWithoutTheSdk().checkClasses())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("only io.stickyip.aws reaches the AWS SDK; io.stickyip.aws must not")
                .hasMessageContaining("software.amazon.awssdk.services.ec2.Ec2Client");
    }

    @Test
    void theSdkOnTheClassPathBreaksARuleThatForbidsIt() {
        assertThatThrownBy(() -> new TheAdapterWithoutTheSdk().checkClassPath())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("package software.amazon.awssdk is on the class path of io.stickyip.aws");
    }
}
