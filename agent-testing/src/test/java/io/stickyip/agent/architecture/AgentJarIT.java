package io.stickyip.agent.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's jar (what an image would ship) holds no test support: neither the KWOK stand-in nor the crash tests'
 * agent, and no class of it calls {@code Runtime.halt} but the launcher's, named below with its reason. The same scan
 * over this module's jar, which holds both, is the positive control. Runs after {@code package} (failsafe): the
 * jars are the ones {@code hack/cluster} runs.
 */
class AgentJarIT {
    static final Path AGENT_JAR = jar("stickyip.agent.jar");
    static final Path TESTING_JAR = jar("stickyip.agent-testing.jar");
    /** Test support's packages: they must be in this module's jar only. */
    static final List<String> TEST_SUPPORT = List.of("io/stickyip/agent/standin/", "io/stickyip/agent/crash/");
    /** The calls of {@code Runtime.halt} the agent's jar may hold, each with why. */
    static final Map<String, String> HALTS_ALLOWED = Map.of(
            "io/stickyip/runtime/lifecycle/Launcher.class",
            "a failed start halts with code 1 so a half-started process never lingers (runtime's launcher, every deployable)");

    static Path jar(String property) {
        String path = System.getProperty(property);
        assertThat(path)
                .as("system property %s (set by this module's pom)", property)
                .isNotBlank();
        Path jar = Path.of(path);
        assertThat(Files.isRegularFile(jar))
                .as("%s exists (built by 'hack/mvn verify -pl agent-testing -am')", jar)
                .isTrue();
        return jar;
    }

    @Test
    void theAgentsJarHoldsNoTestSupport() {
        assertThat(JarScan.classes(AGENT_JAR))
                .as("classes in %s: the shaded jar, dependencies included", AGENT_JAR)
                .isGreaterThan(5_000);
        for (String pkg : TEST_SUPPORT) {
            assertThat(JarScan.classesUnder(AGENT_JAR, pkg))
                    .as("%s in %s", pkg, AGENT_JAR)
                    .isEmpty();
        }
        assertThat(JarScan.classesUnder(AGENT_JAR, "io/stickyip/agent/"))
                .as("the agent itself is there")
                .contains("io/stickyip/agent/Main.class", "io/stickyip/agent/work/Steps.class");
    }

    @Test
    void noClassOfTheAgentsJarCallsRuntimeHaltButTheLaunchers() {
        List<String> callers = JarScan.haltCallers(AGENT_JAR);

        assertThat(callers)
                .as("classes of %s calling Runtime.halt, besides %s", AGENT_JAR, HALTS_ALLOWED)
                .containsExactlyInAnyOrderElementsOf(HALTS_ALLOWED.keySet());
    }

    @Test
    void theScanFindsTheTestSupportAndItsHaltInThisModulesJar() { // positive control
        assertThat(JarScan.classesUnder(TESTING_JAR, TEST_SUPPORT.get(0)))
                .contains("io/stickyip/agent/standin/StandInAgent.class");
        assertThat(JarScan.classesUnder(TESTING_JAR, TEST_SUPPORT.get(1)))
                .contains("io/stickyip/agent/crash/CrashingAgent.class");
        assertThat(JarScan.haltCallers(TESTING_JAR)).containsExactly("io/stickyip/agent/crash/CrashingAgent.class");
    }
}
