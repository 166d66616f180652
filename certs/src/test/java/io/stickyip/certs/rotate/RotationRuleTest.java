package io.stickyip.certs.rotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.certs.issue.SubjectNames;
import io.stickyip.certs.issue.Validity;
import io.stickyip.certs.rotate.CurrentCertificates.Ca;
import io.stickyip.certs.rotate.CurrentCertificates.Serving;
import io.stickyip.certs.rotate.RotationDecision.Keep;
import io.stickyip.certs.rotate.RotationDecision.ReissueAll;
import io.stickyip.certs.rotate.RotationDecision.RenewServing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RotationRuleTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final SubjectNames NAMES =
            SubjectNames.parse(List.of("stickyip-webhook.stickyip-system.svc"), List.of("127.0.0.1"));
    private static final Ca HEALTHY_CA = new Ca(NOW.plus(days(3000)), true);
    private static final RotationPolicy DEFAULT = RotationPolicy.DEFAULT;

    /** A CA, a 365-day serving certificate signed by it with {@code left} to live, and the names. */
    private record Case(
            String description,
            Optional<Ca> ca,
            Optional<Serving> serving,
            Optional<SubjectNames> requested,
            boolean force,
            RotationPolicy policy,
            RotationDecision expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                        keep("a fresh certificate is kept", serving(days(300)), days(300)),
                        keep("a certificate with just over a third left is kept", serving(days(122)), days(122)),
                        renew(
                                "a certificate with a quarter left is renewed",
                                serving(days(91)),
                                "91 days left < 1/3 of 365"),
                        renew(
                                "a certificate with just under a third left is renewed",
                                serving(days(121)),
                                "121 days left < 1/3 of 365"),
                        renew("an expired certificate is renewed", serving(days(-2)), "expired 2 days ago"),
                        renew("a missing certificate is issued", Optional.empty(), "no serving certificate"),
                        new Case(
                                "a changed name renews",
                                Optional.of(HEALTHY_CA),
                                serving(days(300)),
                                Optional.of(SubjectNames.parse(
                                        List.of("stickyip-webhook.stickyip-system.svc", "new.example"), List.of())),
                                false,
                                DEFAULT,
                                new RenewServing(
                                        SubjectNames.parse(
                                                List.of("stickyip-webhook.stickyip-system.svc", "new.example"),
                                                List.of()),
                                        "names changed: +new.example -127.0.0.1")),
                        new Case(
                                "the same names in another order keep",
                                Optional.of(HEALTHY_CA),
                                serving(days(300)),
                                Optional.of(SubjectNames.parse(
                                        List.of("stickyip-webhook.stickyip-system.svc"), List.of("127.0.0.1"))),
                                false,
                                DEFAULT,
                                new Keep(days(300))),
                        new Case(
                                "a certificate from a foreign CA is renewed",
                                Optional.of(HEALTHY_CA),
                                Optional.of(new Serving(NOW.minus(days(65)), NOW.plus(days(300)), NAMES, false)),
                                Optional.empty(),
                                false,
                                DEFAULT,
                                new RenewServing(NAMES, "not signed by the current CA")),
                        new Case(
                                "forcing renews a fresh certificate",
                                Optional.of(HEALTHY_CA),
                                serving(days(300)),
                                Optional.empty(),
                                true,
                                DEFAULT,
                                new RenewServing(NAMES, "forced")),
                        new Case(
                                "an expired CA reissues both",
                                Optional.of(new Ca(NOW.minus(days(3)), true)),
                                serving(days(300)),
                                Optional.empty(),
                                false,
                                DEFAULT,
                                new ReissueAll(NAMES, "the CA expired 3 days ago")),
                        new Case(
                                "a CA expiring before a new serving certificate would reissues both",
                                Optional.of(new Ca(NOW.plus(days(200)), true)),
                                serving(days(150)),
                                Optional.empty(),
                                false,
                                DEFAULT,
                                new ReissueAll(
                                        NAMES,
                                        "the CA has 200 days left, less than a new serving certificate's 365 days")),
                        new Case(
                                "a CA outliving a new serving certificate is kept",
                                Optional.of(new Ca(NOW.plus(days(366)), true)),
                                serving(days(100)),
                                Optional.empty(),
                                false,
                                DEFAULT,
                                new RenewServing(NAMES, "100 days left < 1/3 of 365")),
                        new Case(
                                "a missing CA reissues both",
                                Optional.empty(),
                                serving(days(300)),
                                Optional.empty(),
                                false,
                                DEFAULT,
                                new ReissueAll(NAMES, "no CA certificate")),
                        new Case(
                                "a renewal without the CA key reissues both",
                                Optional.of(new Ca(NOW.plus(days(3000)), false)),
                                serving(days(30)),
                                Optional.empty(),
                                false,
                                DEFAULT,
                                new ReissueAll(NAMES, "30 days left < 1/3 of 365; no CA key to sign a new one")),
                        new Case(
                                "a fresh certificate is kept without the CA key",
                                Optional.of(new Ca(NOW.plus(days(3000)), false)),
                                serving(days(300)),
                                Optional.empty(),
                                false,
                                DEFAULT,
                                new Keep(days(300))),
                        new Case(
                                "the renewal fraction is configurable",
                                Optional.of(HEALTHY_CA),
                                serving(days(150)),
                                Optional.empty(),
                                false,
                                new RotationPolicy(Validity.DEFAULT, Fraction.parse("1/2")),
                                new RenewServing(NAMES, "150 days left < 1/2 of 365")),
                        new Case(
                                "a shorter serving validity lets an older CA stay",
                                Optional.of(new Ca(NOW.plus(days(100)), true)),
                                serving(days(10)),
                                Optional.empty(),
                                false,
                                new RotationPolicy(Validity.ofDays(3650, 30), Fraction.ONE_THIRD),
                                new RenewServing(NAMES, "10 days left < 1/3 of 365")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decides(Case c) {
        RotationRule rule = new RotationRule(c.policy());

        RotationDecision decision =
                rule.decide(new CurrentCertificates(c.ca(), c.serving()), c.requested(), c.force(), NOW);

        assertThat(decision).isEqualTo(c.expected());
    }

    @Test
    void refusesToIssueWithoutAnyNames() {
        RotationRule rule = new RotationRule(DEFAULT);

        assertThatThrownBy(() -> rule.decide(CurrentCertificates.NONE, Optional.empty(), false, NOW))
                .isInstanceOf(RotationException.class)
                .hasMessageStartingWith("no names for a new serving certificate");
    }

    @Test
    void keepReportsTheDaysLeft() {
        assertThat(new Keep(days(300).plusHours(5)).reason()).isEqualTo("300 days left");
        assertThat(new Keep(days(1)).reason()).isEqualTo("1 day left");
    }

    private static Case keep(String description, Optional<Serving> serving, Duration left) {
        return new Case(
                description, Optional.of(HEALTHY_CA), serving, Optional.empty(), false, DEFAULT, new Keep(left));
    }

    private static Case renew(String description, Optional<Serving> serving, String reason) {
        return new Case(
                description,
                Optional.of(HEALTHY_CA),
                serving,
                Optional.of(NAMES),
                false,
                DEFAULT,
                new RenewServing(NAMES, reason));
    }

    /** A 365-day serving certificate for {@link #NAMES}, signed by the CA, with {@code left} to live. */
    private static Optional<Serving> serving(Duration left) {
        Instant notAfter = NOW.plus(left);
        return Optional.of(new Serving(notAfter.minus(days(365)), notAfter, NAMES, true));
    }

    private static Duration days(long days) {
        return Duration.ofDays(days);
    }
}
