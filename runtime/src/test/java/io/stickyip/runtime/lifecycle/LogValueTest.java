package io.stickyip.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a value from a request looks like in a log line. */
class LogValueTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "a plain name                  | web-0                         | web-0",
                "a newline forging a line      | 'evil\nINFO forged line'      | 'evil\\nINFO forged line'",
                "a carriage return and a tab   | 'a\rb\tc'                     | 'a\\rb\\tc'",
                "a quote closing a field       | '10.0.0.300\" admitted=\"yes' | '10.0.0.300\\\" admitted=\\\"yes'",
                "a backslash                   | 'a\\b'                        | 'a\\\\b'",
                "another control character     | 'bell\u0007'                  | 'bell\\u0007'",
                "a Unicode line separator      | 'a\u2028b'                    | 'a\\u2028b'"
            })
    void escapesControlCharactersQuotesAndBackslashes(String name, String value, String logged) {
        assertThat(LogValue.of(value).toString()).isEqualTo(logged);
    }

    @Test
    void boundsTheLength() {
        String logged = LogValue.of("x".repeat(1000)).toString();

        assertThat(logged).startsWith("x".repeat(LogValue.MAX_CHARS)).endsWith("...(1000 chars)");
        assertThat(logged).hasSize(LogValue.MAX_CHARS + "...(1000 chars)".length());
    }

    @Test
    void nullIsWrittenAsNull() {
        assertThat(LogValue.of(null).toString()).isEqualTo("null");
    }
}
