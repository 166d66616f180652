package io.stickyip.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class BenchTest {
    @Command(name = "sample")
    static final class Sample implements Callable<Integer> {
        @Option(names = "--duration", converter = DurationOption.class, defaultValue = "10s")
        Duration duration;

        @Option(names = "--rounds", defaultValue = "30")
        int rounds;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Test
    void readsDurationsAndNumbers() {
        Sample s = new Sample();
        assertThat(Bench.run(s, "--duration", "500ms", "--rounds", "5")).isZero();
        assertThat(s.duration).isEqualTo(Duration.ofMillis(500));
        assertThat(s.rounds).isEqualTo(5);
        assertThat(Bench.run(s, "--duration", "2m")).isZero();
        assertThat(s.duration).isEqualTo(Duration.ofMinutes(2));
        assertThat(Bench.run(s)).isZero();
        assertThat(s.duration).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.rounds).isEqualTo(30);
    }

    @Test
    void aBadValueIsNamedWithTheRule() {
        String err = stderrOf(() ->
                assertThat(Bench.run(new Sample(), "--duration", "10 parsecs")).isEqualTo(2));
        assertThat(err).contains("'10 parsecs' is not a duration").contains("500ms, 10s, 1m");
    }

    @Test
    void anUnknownOptionIsNamed() {
        String err = stderrOf(
                () -> assertThat(Bench.run(new Sample(), "--roundz", "3")).isEqualTo(2));
        assertThat(err).contains("--roundz");
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
