package io.stickyip.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsSubdomainTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "acceptsANodeName,                  kwok-node-1,                 true",
        "acceptsDottedLabels,               ip-10-0-1-5.ec2.internal,    true",
        "refusesUpperCase,                  Node-1,                      false",
        "refusesAPathTraversal,             ../../namespaces/x/secrets,  false",
        "refusesConsecutiveDots,            a..b,                        false",
        "refusesALeadingDash,               -a,                          false",
        "refusesEmpty,                      '',                          false"
    })
    void decides(String sentence, String name, boolean valid) {
        assertThat(LabelSyntax.isDnsSubdomain(name)).as(sentence).isEqualTo(valid);
    }

    @ParameterizedTest(name = "a name of {0} characters is valid: {1}")
    @CsvSource({"253, true", "254, false"})
    void boundsTheLength(int length, boolean valid) {
        assertThat(LabelSyntax.isDnsSubdomain("a".repeat(length))).isEqualTo(valid);
    }
}
