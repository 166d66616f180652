package io.stickyip.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent's image (hack/build-images, docs/images.md) carries every program the agent runs: its
 * agent layer takes the programs named in IMAGES_AGENT_PROGRAMS of hack/lib/build-images.sh (and the
 * libraries they load), so a program added to {@link NodePrograms} but not there would be missing
 * on every real node that runs the image.
 */
class AgentImageProgramsTest {
    private static final Path IMAGE_SCRIPT = Path.of("..", "hack", "lib", "build-images.sh");
    private static final Pattern PROGRAMS = Pattern.compile("(?m)^IMAGES_AGENT_PROGRAMS=\"([^\"]*)\"");

    @Test
    void everyProgramTheAgentRunsIsInItsImage() throws IOException {
        assertThat(missing(NodePrograms.ALL, imagePrograms())).isEmpty();
    }

    @Test
    void aProgramMissingFromTheImageIsNamed() throws IOException { // positive control of the check above
        Set<String> withoutNa6 = new HashSet<>(imagePrograms());
        withoutNa6.remove("na6");
        assertThat(missing(NodePrograms.ALL, withoutNa6)).containsExactly("na6");
    }

    /** The programs' names (not their paths) of IMAGES_AGENT_PROGRAMS. */
    static Set<String> imagePrograms() throws IOException {
        Matcher m = PROGRAMS.matcher(Files.readString(IMAGE_SCRIPT));
        assertThat(m.find()).as("IMAGES_AGENT_PROGRAMS in %s", IMAGE_SCRIPT).isTrue();
        return Arrays.stream(m.group(1).trim().split("\\s+"))
                .map(p -> p.substring(p.lastIndexOf('/') + 1))
                .collect(Collectors.toSet());
    }

    static List<String> missing(Set<String> programs, Set<String> inImage) {
        return programs.stream().filter(p -> !inImage.contains(p)).sorted().toList();
    }
}
