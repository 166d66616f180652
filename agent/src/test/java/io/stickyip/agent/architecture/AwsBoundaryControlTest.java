package io.stickyip.agent.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.core.architecture.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/**
 * Positive control of the rule that only the modules that call EC2 reach the aws module and the AWS SDK
 * (ModuleBoundaries.AWS_USERS): the agent's pod cloud uses the aws module, and checked as a module of its own, which
 * is not one of its users (as the extender is not), it breaks the rule by its classes and by its class path, for
 * the aws module and for the SDK. The agent itself passes ({@link AgentBoundariesTest}).
 */
class AwsBoundaryControlTest {

    /** {@code io.stickyip.agent.cloud} as if it were a module of its own; nothing named forbidden. */
    static final class PodCloudAsAModule extends ModuleBoundaries {
        PodCloudAsAModule() {
            super("io.stickyip.agent.cloud");
        }

        void checkClasses() {
            noClassOfTheModuleDependsOnWhatItMustNotReach();
        }

        void checkClassPath() {
            whatItMustNotReachIsNotOnItsClassPath();
        }
    }

    @Test
    void classesOfAModuleThatIsNotAnAwsUserAndUseTheAwsModuleBreakTheRule() {
        assertThatThrownBy(() -> new PodCloudAsAModule().checkClasses())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("only io.stickyip.agent, io.stickyip.controller reach the aws module; "
                        + "io.stickyip.agent.cloud must not")
                .hasMessageContaining("io.stickyip.aws.AwsCloud");
    }

    @Test
    void theAwsModuleOnTheClassPathOfAModuleThatIsNotAnAwsUserBreaksTheRule() {
        assertThatThrownBy(() -> new PodCloudAsAModule().checkClassPath())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("package io.stickyip.aws is on the class path of io.stickyip.agent.cloud");
    }
}
