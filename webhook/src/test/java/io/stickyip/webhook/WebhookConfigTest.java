package io.stickyip.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.stickyip.core.contract.TestSeals;
import io.stickyip.runtime.config.InvalidConfigException;
import io.stickyip.runtime.config.SealKeyConfig;
import io.stickyip.runtime.lifecycle.LogFormat;
import io.stickyip.runtime.testing.TestSealKeys;
import io.stickyip.webhook.it.WebhookFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookConfigTest {
    @TempDir
    static Path temp;

    static Map<String, String> seal() {
        return Map.of(
                SealKeyConfig.SIGNING_KEY,
                TestSealKeys.write(temp.resolve("seal")).get(SealKeyConfig.SIGNING_KEY));
    }

    static Map<String, String> env(String... keyValues) {
        Map<String, String> m = new HashMap<>(seal());
        m.put("STICKYIP_POOLS_FILE", "/dev/null");
        m.put("STICKYIP_ETCD_PLAINTEXT", "true");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> refused() throws Exception {
        Path notPem = Files.writeString(temp.resolve("not.pem"), "hello");
        return Stream.of(
                argumentSet(
                        "no callers' CA and no explicit opt-out",
                        env(),
                        "STICKYIP_CLIENT_CA_FILE is not set: only callers with a client certificate from this CA (the API server) "
                                + "may call /mutate and /validate"),
                argumentSet(
                        "a callers' CA that does not exist",
                        env("STICKYIP_CLIENT_CA_FILE", "/nonexistent/ca.crt"),
                        "STICKYIP_CLIENT_CA_FILE: /nonexistent/ca.crt cannot be read"),
                argumentSet(
                        "a callers' CA that is not PEM",
                        env("STICKYIP_CLIENT_CA_FILE", notPem.toString()),
                        "STICKYIP_CLIENT_CA_FILE: " + notPem + " "),
                argumentSet(
                        "no client certificates asked for, but a CA given",
                        env("STICKYIP_CLIENT_AUTH", "none", "STICKYIP_CLIENT_CA_FILE", notPem.toString()),
                        "STICKYIP_CLIENT_AUTH=none but STICKYIP_CLIENT_CA_FILE is set"),
                argumentSet(
                        "an unknown mode",
                        env("STICKYIP_CLIENT_AUTH", "maybe"),
                        "STICKYIP_CLIENT_AUTH: maybe is not required or none"),
                argumentSet(
                        "etcd over TLS without the client certificate",
                        env(
                                "STICKYIP_CLIENT_AUTH",
                                "none",
                                "STICKYIP_ETCD_PLAINTEXT",
                                "",
                                "STICKYIP_ETCD_ENDPOINTS",
                                "https://127.0.0.1:2379"),
                        "STICKYIP_ETCD_ENDPOINTS is https://127.0.0.1:2379 (TLS) but STICKYIP_ETCD_CA_FILE is not set"),
                argumentSet(
                        "etcd in plain HTTP not asked for",
                        env("STICKYIP_CLIENT_AUTH", "none", "STICKYIP_ETCD_PLAINTEXT", ""),
                        "STICKYIP_ETCD_ENDPOINTS is http://127.0.0.1:2379: plain HTTP (no TLS, no client certificate) is used only "
                                + "when asked for with STICKYIP_ETCD_PLAINTEXT=true"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesSettingsThatDisagreeNamingTheVariable(Map<String, String> env, String message) {
        assertThatThrownBy(() -> WebhookConfig.fromMap(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void requiresClientCertificatesFromTheGivenCa() {
        WebhookFixture.issueCallerCertificates(temp.resolve("ca"), temp.resolve("client"), "kube-apiserver");

        WebhookConfig config = WebhookConfig.fromMap(
                env("STICKYIP_CLIENT_CA_FILE", temp.resolve("ca/ca.crt").toString()));

        assertThat(config.callers().required()).isTrue();
        assertThat(config.describe().get("clientCertificates").toString())
                .contains(temp.resolve("ca/ca.crt").toString());
    }

    @Test
    void requiresTheSealKeyAndLogsItByItsFileAndId() {
        Map<String, String> without = env("STICKYIP_CLIENT_AUTH", "none");
        without.remove(SealKeyConfig.SIGNING_KEY);

        assertThatThrownBy(() -> WebhookConfig.fromMap(without))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_SEAL_KEY: (none) is required");
        assertThat(WebhookConfig.fromMap(env("STICKYIP_CLIENT_AUTH", "none"))
                        .describe()
                        .get("sealKey")
                        .toString())
                .endsWith("seal.key (key id " + TestSeals.KEY.keyId() + ")");
    }

    @Test
    void letsEveryoneCallOnlyWhenAskedExplicitly() {
        assertThat(WebhookConfig.fromMap(env("STICKYIP_CLIENT_AUTH", "none"))
                        .callers()
                        .required())
                .isFalse();
    }

    @Test
    void defaultsToTheClusterOverHttpsOn8443() {
        Map<String, String> env = new HashMap<>(seal());
        env.putAll(Map.of(
                "POD_NAME", "stickyip-webhook-0", "STICKYIP_CLIENT_AUTH", "none", "STICKYIP_ETCD_PLAINTEXT", "true"));
        WebhookConfig config = WebhookConfig.fromMap(env);

        assertThat(config.kubernetes()).isTrue();
        assertThat(config.poolsFile()).isEmpty();
        assertThat(config.server().port()).isEqualTo(8443);
        assertThat(config.certDir()).isEqualTo(Path.of("/etc/stickyip/tls"));
        assertThat(config.unbornGrace()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(config.describe())
                .containsEntry("listen", "https://0.0.0.0:8443")
                .containsEntry("pools", "kubernetes");
    }

    @Test
    void aPoolsFileMeansStandaloneUnlessTheClusterIsAskedFor() {
        assertThat(WebhookConfig.fromMap(env("STICKYIP_CLIENT_AUTH", "none")).kubernetes())
                .isFalse();
        assertThat(WebhookConfig.fromMap(env("STICKYIP_CLIENT_AUTH", "none", "STICKYIP_KUBERNETES", "true"))
                        .kubernetes())
                .isTrue();
    }

    @Test
    void theUnbornGraceIsRead() { // the controller's collectors and the workload grace: ControllerConfigTest
        WebhookConfig config =
                WebhookConfig.fromMap(env("STICKYIP_CLIENT_AUTH", "none", "STICKYIP_UNBORN_GRACE", "30s"));

        assertThat(config.unbornGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.describe()).containsEntry("unbornGrace", Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
        STICKYIP_KUBERNETES    | false   | STICKYIP_KUBERNETES: false needs STICKYIP_POOLS_FILE: without the cluster the pools come from a file
        STICKYIP_LOG_FORMAT    | xml     | STICKYIP_LOG_FORMAT: xml is not one of text, json
        STICKYIP_UNBORN_GRACE  | soon    | STICKYIP_UNBORN_GRACE: soon is not a duration (e.g. 500ms, 30s, 5m)
        STICKYIP_UNBORN_GRACE  | 2s      | STICKYIP_UNBORN_GRACE: 2s must be between 5s and 10m: longer than a pod takes through the rest of the admission chain, short enough that refused creates do not drain a pool
        STICKYIP_UNBORN_GRACE  | 1h      | STICKYIP_UNBORN_GRACE: 1h must be between 5s and 10m: longer than a pod takes through the rest of the admission chain, short enough that refused creates do not drain a pool
        STICKYIP_ETCD_TIMEOUT  | 0       | STICKYIP_ETCD_TIMEOUT: 0 must be positive
        STICKYIP_PORT          | 70000   | STICKYIP_PORT: 70000 is not between 0 and 65535
        """)
    void aBadSettingIsRefusedNamingVariableAndValue(String variable, String value, String message) {
        Map<String, String> env =
                new HashMap<>(Map.of("STICKYIP_CLIENT_AUTH", "none", "STICKYIP_ETCD_PLAINTEXT", "true"));
        env.put(variable, value);

        assertThatThrownBy(() -> WebhookConfig.fromMap(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(message);
    }
}
