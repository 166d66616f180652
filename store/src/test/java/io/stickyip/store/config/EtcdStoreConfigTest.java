package io.stickyip.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EtcdStoreConfigTest {
    @TempDir
    static Path temp;

    static EtcdStoreConfig read(Map<String, String> env) {
        return EtcdStoreConfig.fromEnv(new Env(env));
    }

    @Test
    void defaultsThePrefixAndTimeout() {
        EtcdStoreConfig config = read(Map.of(
                EtcdStoreConfig.ENDPOINTS_KEY,
                "http://etcd-0:2379, http://etcd-1:2379",
                EtcdTls.PLAINTEXT_KEY,
                "true"));

        assertThat(config)
                .isEqualTo(new EtcdStoreConfig(
                        List.of(URI.create("http://etcd-0:2379"), URI.create("http://etcd-1:2379")),
                        "/stickyip/v1/",
                        Duration.ofSeconds(2)));
        assertThat(config.endpointsText()).isEqualTo("http://etcd-0:2379,http://etcd-1:2379");
    }

    @Test
    void readsEveryKnob() {
        EtcdStoreConfig config = read(Map.of(
                EtcdStoreConfig.ENDPOINTS_KEY, "http://127.0.0.1:2379",
                EtcdStoreConfig.PREFIX_KEY, "/test/",
                EtcdStoreConfig.TIMEOUT_KEY, "500ms",
                EtcdTls.PLAINTEXT_KEY, "true"));

        assertThat(config.prefix()).isEqualTo("/test/");
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.tls()).isEmpty();
    }

    @Test
    void batchesClaimsByDefaultAndReadsTheBatchKnobs() {
        Map<String, String> plain =
                Map.of(EtcdStoreConfig.ENDPOINTS_KEY, "http://etcd:2379", EtcdTls.PLAINTEXT_KEY, "true");

        assertThat(read(plain).batching()).isEqualTo(new ClaimBatching(64, Duration.ofNanos(200_000)));
        assertThat(read(with(
                                with(plain, EtcdStoreConfig.BATCH_MAX_KEY, "16"),
                                EtcdStoreConfig.BATCH_WINDOW_KEY,
                                "500us"))
                        .batching())
                .isEqualTo(new ClaimBatching(16, Duration.ofNanos(500_000)));
        assertThat(read(with(plain, EtcdStoreConfig.BATCH_WINDOW_KEY, "1ms"))
                        .batching()
                        .window())
                .isEqualTo(Duration.ofMillis(1));
        assertThat(read(with(plain, EtcdStoreConfig.BATCH_MAX_KEY, "1"))
                        .batching()
                        .on())
                .as("1 turns group commit off")
                .isFalse();
    }

    @Test
    void readsTheTlsSettingsOfHttpsEndpoints() throws IOException {
        Map<String, String> env = tls("https://etcd-0:2379,https://etcd-1:2379");

        EtcdStoreConfig config = read(env);

        assertThat(config.tls())
                .contains(new EtcdTls(
                        Path.of(env.get(EtcdTls.CA_KEY)),
                        Path.of(env.get(EtcdTls.CERT_KEY)),
                        Path.of(env.get(EtcdTls.KEY_KEY))));
    }

    static Map<String, String> tls(String endpoints) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put(EtcdStoreConfig.ENDPOINTS_KEY, endpoints);
        for (String key : List.of(EtcdTls.CA_KEY, EtcdTls.CERT_KEY, EtcdTls.KEY_KEY)) {
            Path file = temp.resolve(key.toLowerCase());
            Files.writeString(file, "pem");
            env.put(key, file.toString());
        }
        return env;
    }

    static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> m = new HashMap<>(env);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }

    static Stream<Arguments> disagreeing() throws IOException {
        Map<String, String> https = tls("https://etcd:2379");
        Map<String, String> plain = Map.of(EtcdStoreConfig.ENDPOINTS_KEY, "http://etcd:2379");
        return Stream.of(
                argumentSet(
                        "https without a client certificate",
                        with(https, EtcdTls.CERT_KEY, null),
                        "STICKYIP_ETCD_ENDPOINTS is https://etcd:2379 (TLS) but STICKYIP_ETCD_CERT_FILE is not set: the webhook verifies "
                                + "etcd with STICKYIP_ETCD_CA_FILE and authenticates with the client certificate STICKYIP_ETCD_CERT_FILE "
                                + "and its key STICKYIP_ETCD_KEY_FILE"),
                argumentSet(
                        "https without a CA",
                        with(https, EtcdTls.CA_KEY, null),
                        "STICKYIP_ETCD_ENDPOINTS is https://etcd:2379 (TLS) but STICKYIP_ETCD_CA_FILE is not set"),
                argumentSet(
                        "https with an unreadable key",
                        with(https, EtcdTls.KEY_KEY, "/nonexistent/tls.key"),
                        "STICKYIP_ETCD_KEY_FILE: /nonexistent/tls.key cannot be read"),
                argumentSet(
                        "https and plain HTTP asked for",
                        with(https, EtcdTls.PLAINTEXT_KEY, "true"),
                        "STICKYIP_ETCD_PLAINTEXT=true but STICKYIP_ETCD_ENDPOINTS is https://etcd:2379 (TLS): choose one"),
                argumentSet(
                        "http not asked for",
                        plain,
                        "STICKYIP_ETCD_ENDPOINTS is http://etcd:2379: plain HTTP (no TLS, no client certificate) is used only when asked "
                                + "for with STICKYIP_ETCD_PLAINTEXT=true"),
                argumentSet(
                        "http with a client certificate",
                        with(with(plain, EtcdTls.PLAINTEXT_KEY, "true"), EtcdTls.CERT_KEY, https.get(EtcdTls.CERT_KEY)),
                        "STICKYIP_ETCD_ENDPOINTS is http://etcd:2379 (plain HTTP) but STICKYIP_ETCD_CERT_FILE is set: use https:// "
                                + "endpoints for TLS"),
                argumentSet(
                        "a mix of http and https",
                        with(https, EtcdStoreConfig.ENDPOINTS_KEY, "https://etcd-0:2379,http://etcd-1:2379"),
                        "STICKYIP_ETCD_ENDPOINTS is https://etcd-0:2379,http://etcd-1:2379: the endpoints must all be https://"));
    }

    @ParameterizedTest
    @MethodSource("disagreeing")
    void refusesASchemeAndCertificateSettingsThatDisagreeNamingTheVariable(Map<String, String> env, String message) {
        assertThatThrownBy(() -> read(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        STICKYIP_ETCD_ENDPOINTS | etcd:2379         | STICKYIP_ETCD_ENDPOINTS: etcd:2379 is not an etcd client URL (https://host:port, or http://host:port)
        STICKYIP_ETCD_ENDPOINTS | http://etcd       | STICKYIP_ETCD_ENDPOINTS: http://etcd is not an etcd client URL (https://host:port, or http://host:port)
        STICKYIP_ETCD_PREFIX    | stickyip          | STICKYIP_ETCD_PREFIX: stickyip must start and end with '/'
        STICKYIP_ETCD_TIMEOUT   | 0                 | STICKYIP_ETCD_TIMEOUT: 0 must be positive
        STICKYIP_ETCD_TIMEOUT   | 2000              | STICKYIP_ETCD_TIMEOUT: 2000 is not a duration (e.g. 500ms, 30s, 5m)
        STICKYIP_ETCD_BATCH_MAX | 0                 | STICKYIP_ETCD_BATCH_MAX: 0 is not between 1 and 100
        STICKYIP_ETCD_BATCH_MAX | 101               | STICKYIP_ETCD_BATCH_MAX: 101 is not between 1 and 100
        STICKYIP_ETCD_BATCH_MAX | many              | STICKYIP_ETCD_BATCH_MAX: many is not a number
        STICKYIP_ETCD_BATCH_WINDOW | 20ms           | STICKYIP_ETCD_BATCH_WINDOW: 20ms is not between 0 and 10ms
        STICKYIP_ETCD_BATCH_WINDOW | -200us         | STICKYIP_ETCD_BATCH_WINDOW: -200us is not a duration (e.g. 200us, 1ms)
        STICKYIP_ETCD_BATCH_WINDOW | 200             | STICKYIP_ETCD_BATCH_WINDOW: 200 is not a duration (e.g. 200us, 1ms)
        """)
    void refusesABadSettingNamingVariableAndValue(String variable, String value, String message) {
        Map<String, String> env = new HashMap<>(Map.of(EtcdTls.PLAINTEXT_KEY, "true"));
        env.put(variable, value);

        assertThatThrownBy(() -> read(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(message);
    }

    @Test
    void theRecordRefusesHttpsWithoutTlsSettingsAndHttpWithThem() {
        assertThatThrownBy(() -> EtcdStoreConfig.of("https://etcd:2379"))
                .hasMessageContaining("http://host:port (no TLS settings are given)");
        assertThatThrownBy(() -> EtcdStoreConfig.of("http://etcd:2379")
                        .withTls(new EtcdTls(Path.of("a"), Path.of("b"), Path.of("c"))))
                .hasMessageContaining("https://host:port (TLS settings are given)");
    }
}
