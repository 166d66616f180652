package io.stickyip.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.plumbing.DataPlanePlanner;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.plumbing.PlumbingRequest;
import io.stickyip.core.plumbing.PodAttachment;
import io.stickyip.core.pool.v1alpha1.Attachment.Mode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facade's edges, with a runner that records commands (no namespace is touched). */
class DataPlaneTest {

    final List<List<String>> commands = new ArrayList<>();
    /** Records every command; a read of state (ip -batch) sees an empty namespace. */
    final CommandRunner recording = (argv, stdin, timeout) -> {
        commands.add(argv);
        String out = argv.contains("-batch") ? "[]\n".repeat((int) stdin.lines().count()) : "";
        return new CommandRunner.Result(argv, 0, out, "");
    };

    final DataPlane dataPlane = new DataPlane(
            new DataPlanePlanner(), new DataPlaneExecutor(new Namespaces(recording, Namespaces.DEFAULT_TIMEOUT)));

    @Test
    void anUnplannableRequestIsRefusedWithItsReasonAndRunsNothing() {
        PlumbingRequest bad = new PlumbingRequest(
                "uid",
                Netns.atPath("/var/run/netns/cni-x"),
                Netns.host(),
                "eth0",
                List.of(new PodAttachment(
                        "lan",
                        Mode.MACVLAN,
                        "eth0",
                        List.of(IpPrefix.parse("192.0.2.50/24")),
                        "198.51.100.1",
                        List.of(),
                        List.of())),
                List.of());

        assertThat(dataPlane.add(bad))
                .isEqualTo(new AddOutcome.Refused(
                        "pool lan: gateway 198.51.100.1 is outside the addresses' subnet 192.0.2.0/24"));
        assertThat(dataPlane.del(bad)).isInstanceOf(DelOutcome.Failed.class);
        assertThat(commands).isEmpty();
    }

    @Test
    void delOfAGoneSandboxRunsNothingInsideItAndIsNotAnError() {
        PlumbingRequest r = new PlumbingRequest(
                "uid",
                Netns.atPath("/var/run/netns/sip-i9-never-there"),
                Netns.host(),
                "eth0",
                List.of(new PodAttachment(
                        "lan",
                        Mode.MACVLAN,
                        "eth0",
                        List.of(IpPrefix.parse("192.0.2.50/24")),
                        "192.0.2.1",
                        List.of(),
                        List.of())),
                List.of());

        assertThat(dataPlane.del(r)).isInstanceOf(DelOutcome.Removed.class);
        assertThat(commands).noneMatch(c -> c.contains("--net=/var/run/netns/sip-i9-never-there"));
    }
}
