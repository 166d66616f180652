package io.stickyip.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsTest {
    private final List<Integer> ran = new ArrayList<>();

    @Test
    void theDefaultOrTheGivenRounds() {
        assertThat(Rounds.execute("b", 30, ran::add)).isZero();
        assertThat(Rounds.execute("b", 30, ran::add, "5")).isZero();
        assertThat(ran).containsExactly(30, 5);
    }

    @Test
    void badRoundsAreNamedAndNothingRuns() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Rounds.execute("b", 30, ran::add, "0")).isEqualTo(2);
            assertThat(Rounds.execute("b", 30, ran::add, "many")).isEqualTo(2);
        } finally {
            System.setErr(old);
        }
        assertThat(ran).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("ROUNDS: 0 is not 1 or more")
                .contains("'many'");
    }

    @Test
    void aFailedRunExitsOne() {
        PrintStream old = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(Rounds.execute("b", 30, rounds -> {
                        throw new IllegalStateException("moto is not running");
                    }))
                    .isEqualTo(1);
        } finally {
            System.setErr(old);
        }
    }
}
