package io.stickyip.certs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.issue.SubjectNames;
import io.stickyip.certs.store.CertificateDirectory;
import io.stickyip.certs.testing.TestPki;
import io.stickyip.core.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertsMainTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private final CliContext context =
            new CliContext(clock, new CertificateIssuer(clock, new SecureRandom()), kubeconfig -> {
                throw new AssertionError("no cluster in this test");
            });

    @TempDir
    Path temp;

    @Test
    void generateWritesTheFilesForTheRequestedNames() {
        Path dir = temp.resolve("certs");

        CliRun run = run(
                "generate",
                "--dir",
                dir.toString(),
                "--service",
                "stickyip-system/stickyip-webhook",
                "--ip",
                "127.0.0.1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                CA: new (no CA certificate), valid until 2035-12-30T00:00:00Z
                serving certificate: stickyip-webhook,stickyip-webhook.stickyip-system,stickyip-webhook.stickyip-system.svc,\
                stickyip-webhook.stickyip-system.svc.cluster.local,127.0.0.1, valid until 2027-01-01T00:00:00Z
                wrote %s/{ca.crt,ca.key,tls.crt,tls.key}
                """.formatted(dir));
        CertificateBundle bundle = new CertificateDirectory(dir).read();
        assertThat(SubjectNames.of(bundle.servingCertificate()))
                .isEqualTo(SubjectNames.parse(
                        SubjectNames.serviceDnsNames("stickyip-webhook", "stickyip-system"), List.of("127.0.0.1")));
    }

    @Test
    void clientIssuesAClientCertificateFromANewCaAndKeepsTheCaTheNextTime() throws Exception {
        Path ca = temp.resolve("ca");
        Path client = temp.resolve("client");

        CliRun first = run(
                "client",
                "--ca-dir",
                ca.toString(),
                "--dir",
                client.toString(),
                "--name",
                "kube-apiserver",
                "--org",
                "stickyip:callers");
        CliRun second = run(
                "client",
                "--ca-dir",
                ca.toString(),
                "--dir",
                temp.resolve("other").toString(),
                "--name",
                "etcd-reader");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .startsWith(
                        "CA: new, valid until 2035-12-30T00:00:00Z\n"
                                + "client certificate: CN=kube-apiserver O=stickyip:callers, valid until 2027-01-01T00:00:00Z\n");
        assertThat(second.out()).startsWith("CA: kept");
        CertificateBundle bundle = new CertificateDirectory(client).read();
        assertThat(bundle.servingCertificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(bundle.servingCertificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=kube-apiserver,O=stickyip:callers");
        assertThat(bundle.caCertPem()).isEqualTo(Files.readString(ca.resolve("ca.crt")));
        assertThat(new CertificateDirectory(temp.resolve("other")).read().caCertPem())
                .isEqualTo(bundle.caCertPem());
        bundle.servingCertificate()
                .verify(new CertificateDirectory(ca)
                        .readCa()
                        .orElseThrow()
                        .certificate()
                        .getPublicKey());
    }

    @Test
    void generateAgainKeepsTheCaSoTheCaBundleStays() {
        run("generate", "--dir", temp.toString(), "--dns", "a.example,b.example", "--days", "30", "--ca-days", "90");
        String ca = new CertificateDirectory(temp).read().caCertPem();
        clock.advance(Duration.ofDays(10));

        CliRun again =
                run("generate", "--dir", temp.toString(), "--dns", "a.example", "--days", "30", "--ca-days", "90");

        assertThat(again.exitCode()).isZero();
        assertThat(again.out())
                .startsWith(
                        "CA: kept, valid until 2026-04-01T00:00:00Z\nserving certificate: a.example, valid until 2026-02-10");
        assertThat(new CertificateDirectory(temp).read().caCertPem()).isEqualTo(ca);
    }

    @Test
    void rotateKeepsAFreshCertificateAndRenewsAnAgingOne() {
        run("generate", "--dir", temp.toString(), "--dns", "stickyip-webhook.stickyip-system.svc");
        String ca = new CertificateDirectory(temp).read().caCertPem();
        clock.advance(Duration.ofDays(65));

        CliRun fresh = run("rotate", "--dir", temp.toString());
        clock.advance(Duration.ofDays(179));
        CliRun aging = run("rotate", "--dir", temp.toString());

        assertThat(fresh.exitCode()).isZero();
        assertThat(fresh.out()).isEqualTo("kept: 300 days left\n");
        assertThat(aging.exitCode()).isZero();
        assertThat(aging.out()).isEqualTo("""
                renewed serving certificate: 121 days left < 1/3 of 365
                serving certificate valid until 2027-09-02T00:00:00Z
                """);
        assertThat(new CertificateDirectory(temp).read().caCertPem()).isEqualTo(ca);
    }

    @Test
    void rotateRenewsForNewNamesOrWhenForced() {
        run("generate", "--dir", temp.toString(), "--dns", "a.example");

        CliRun renamed = run("rotate", "--dir", temp.toString(), "--dns", "a.example", "--ip", "10.0.0.1");
        CliRun forced = run("rotate", "--dir", temp.toString(), "--force", "--renew-fraction", "1/2");

        assertThat(renamed.out()).startsWith("renewed serving certificate: names changed: +10.0.0.1\n");
        assertThat(forced.out()).startsWith("renewed serving certificate: forced\n");
        assertThat(SubjectNames.of(new CertificateDirectory(temp).read().servingCertificate()))
                .isEqualTo(SubjectNames.parse(List.of("a.example"), List.of("10.0.0.1")));
    }

    record BadRun(String description, List<String> args, int exitCode, String error) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Arguments> badRuns() {
        return Stream.of(
                        new BadRun(
                                "rotate in a missing directory fails",
                                List.of("rotate", "--dir", "{temp}/absent"),
                                1,
                                "error: no such directory: {temp}/absent"),
                        new BadRun(
                                "rotate over a broken certificate fails naming the file",
                                List.of("rotate", "--dir", "{temp}/broken"),
                                1,
                                "error: {temp}/broken/tls.crt: no PEM CERTIFICATE block found"),
                        new BadRun(
                                "apply from a missing directory fails",
                                List.of("apply", "--dir", "{temp}/absent", "--namespace", "ns", "--secret", "s"),
                                1,
                                "error: no such directory: {temp}/absent"),
                        new BadRun(
                                "rotate without names in an empty directory fails",
                                List.of("rotate", "--dir", "{temp}"),
                                1,
                                "error: no names for a new serving certificate"),
                        new BadRun(
                                "generate without names is a usage error",
                                List.of("generate", "--dir", "{temp}"),
                                2,
                                "give at least one of --dns, --ip or --service"),
                        new BadRun(
                                "a host name given as --ip is a usage error",
                                List.of("generate", "--dir", "{temp}", "--ip", "localhost"),
                                2,
                                "localhost is not an IP address"),
                        new BadRun(
                                "a bad DNS name is a usage error",
                                List.of("generate", "--dir", "{temp}", "--dns", "under_score"),
                                2,
                                "under_score is not a DNS name"),
                        new BadRun(
                                "a service without namespace is a usage error",
                                List.of("generate", "--dir", "{temp}", "--service", "webhook"),
                                2,
                                "--service webhook is not NAMESPACE/NAME"),
                        new BadRun(
                                "a CA shorter than the certificate is a usage error",
                                List.of(
                                        "generate",
                                        "--dir",
                                        "{temp}",
                                        "--dns",
                                        "a",
                                        "--days",
                                        "400",
                                        "--ca-days",
                                        "300"),
                                2,
                                "--ca-days (300) must be more than --days (400)"),
                        new BadRun(
                                "a renewal fraction above one is a usage error",
                                List.of("rotate", "--dir", "{temp}", "--renew-fraction", "3/2"),
                                2,
                                "Invalid value for option '--renew-fraction': a fraction between 0 and 1 is needed, not 3/2"),
                        new BadRun(
                                "a missing --dir is a usage error",
                                List.of("rotate"),
                                2,
                                "Missing required option: '--dir=DIR'"),
                        new BadRun(
                                "an unknown command is a usage error",
                                List.of("renew"),
                                2,
                                "Unmatched argument at index 0: 'renew'"),
                        new BadRun(
                                "no command is a usage error",
                                List.of(),
                                2,
                                "missing command: generate, rotate, apply, client or seal-key"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRuns")
    void reportsBadRunsInOneLineWithTheirExitCode(BadRun bad) throws Exception {
        new CertificateDirectory(temp.resolve("broken"))
                .write(new TestPki().issue(Duration.ofDays(30), Duration.ofDays(10)));
        Files.writeString(temp.resolve("broken/tls.crt"), "garbage");

        CliRun run = run(bad.args().stream()
                .map(a -> a.replace("{temp}", temp.toString()))
                .toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(bad.exitCode());
        assertThat(run.err()).contains(bad.error().replace("{temp}", temp.toString()));
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(run("--help").exitCode()).isZero();
        assertThat(run("rotate", "--help").out()).contains("--renew-fraction=N/D", "--force", "--dns=NAME");
        assertThat(run("--version").out()).startsWith("stickyip-certs ");
    }

    private CliRun run(String... args) {
        return CliRun.run(context, args);
    }
}
