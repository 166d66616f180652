package io.stickyip.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvTest {
    enum Color {
        RED,
        GREEN
    }

    static Env env(String key, String value) {
        return new Env(Map.of(key, value));
    }

    @Test
    void unsetAndBlankMeanTheDefault() {
        Env env = new Env(Map.of("BLANK", "  "));

        assertThat(env.string("UNSET", "d")).isEqualTo("d");
        assertThat(env.string("BLANK", "d")).isEqualTo("d");
        assertThat(env.integer("BLANK", 7, 0, 10)).isEqualTo(7);
        assertThat(env.duration("UNSET", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(env.bool("UNSET", true)).isTrue();
        assertThat(env.list("UNSET", List.of("a"))).containsExactly("a");
        assertThat(env.optional("BLANK")).isEmpty();
        assertThat(env.oneOf("UNSET", Color.GREEN)).isEqualTo(Color.GREEN);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "500ms, PT0.5S",
        "30s, PT30S",
        "5m, PT5M",
        "1h, PT1H",
        "PT2S, PT2S",
        "pt2s, PT2S",
        "0, PT0S",
        " 10S , PT10S"
    })
    void readsDurations(String text, Duration expected) {
        assertThat(env("D", text).duration("D", Duration.ZERO)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"true, true", "TRUE, true", "yes, true", "1, true", "false, false", "No, false", "0, false"})
    void readsBooleans(String text, boolean expected) {
        assertThat(env("B", text).bool("B", !expected)).isEqualTo(expected);
    }

    @Test
    void readsTheRest() {
        Env env = new Env(Map.of("N", " 42 ", "P", "0", "L", "a, b,,c ", "F", "/etc/x", "C", "green", "S", " text "));

        assertThat(env.integer("N", 0, 0, 100)).isEqualTo(42);
        assertThat(env.port("P", 8080)).isZero();
        assertThat(env.list("L", List.of())).containsExactly("a", "b", "c");
        assertThat(env.path("F", "/nowhere")).isEqualTo(Path.of("/etc/x"));
        assertThat(env.optionalPath("F")).contains(Path.of("/etc/x"));
        assertThat(env.oneOf("C", Color.RED)).isEqualTo(Color.GREEN);
        assertThat(env.string("S", "")).isEqualTo("text");
        assertThat(env.firstOf(List.of("UNSET", "S", "N"), "d")).isEqualTo("text");
    }

    @ParameterizedTest(name = "{0}={1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        duration | 10 parsecs | D: 10 parsecs is not a duration (e.g. 500ms, 30s, 5m)
        duration | -5s        | D: -5s is not a duration (e.g. 500ms, 30s, 5m)
        duration | s          | D: s is not a duration (e.g. 500ms, 30s, 5m)
        bool     | maybe      | D: maybe is not true or false
        port     | 70000      | D: 70000 is not between 0 and 65535
        port     | http       | D: http is not a number
        color    | blue       | D: blue is not one of red, green
        parsed   | ten        | D: ten must be a number of things
        """)
    void refusesABadValueNamingVariableValueAndRule(String kind, String value, String message) {
        Env env = env("D", value);
        Function<Env, Object> read = switch (kind) {
            case "duration" -> e -> e.duration("D", Duration.ZERO);
            case "bool" -> e -> e.bool("D", false);
            case "port" -> e -> e.port("D", 80);
            case "color" -> e -> e.oneOf("D", Color.RED);
            default ->
                e -> e.parsed("D", 0, v -> {
                    throw new IllegalArgumentException("must be a number of things");
                });
        };

        assertThatThrownBy(() -> read.apply(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(message);
    }

    @Test
    void identityIsThePodNameAndThePid() {
        long pid = ProcessHandle.current().pid();

        assertThat(Identity.of(new Env(Map.of("POD_NAME", "web-0", "HOSTNAME", "h")), "x"))
                .isEqualTo("web-0-" + pid);
        assertThat(Identity.of(new Env(Map.of("HOSTNAME", "h")), "x")).isEqualTo("h-" + pid);
        assertThat(Identity.of(new Env(Map.of()), "x")).isEqualTo("x-" + pid);
    }
}
