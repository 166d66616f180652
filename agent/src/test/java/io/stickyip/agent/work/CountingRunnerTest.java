package io.stickyip.agent.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.agent.netns.CommandRunner;
import io.stickyip.agent.netns.CountingRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountingRunnerTest {
    @Test
    void countsTheCommandsThatChangeSomethingNotTheReads() {
        List<String> steps = new ArrayList<>();
        CommandRunner done = (argv, stdin, timeout) -> new CommandRunner.Result(argv, 0, "", "");
        CountingRunner runner = new CountingRunner(done, steps::add);
        runner.run(
                List.of("nsenter", "--net=/run/netns/x", "ip", "-json", "-d", "-batch", "-"),
                "link show\n",
                Duration.ofSeconds(1));
        runner.run(List.of("sysctl", "-n", "net.ipv4.ip_forward"), "", Duration.ofSeconds(1));
        runner.run(
                List.of("ip", "link", "add", "link", "eth0", "name", "sip0", "type", "macvlan"),
                "",
                Duration.ofSeconds(1));
        runner.run(List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1"), "", Duration.ofSeconds(1));
        assertThat(steps)
                .containsExactly("ip link add link eth0 name sip0 type macvlan", "sysctl -q -w net.ipv4.ip_forward=1");
    }
}
