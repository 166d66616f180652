package io.stickyip.webhook.bench;

import io.stickyip.runtime.config.SealKeyConfig;
import io.stickyip.runtime.lifecycle.Deployed;
import io.stickyip.runtime.testing.TestSealKeys;
import io.stickyip.webhook.Main;
import io.stickyip.webhook.WebhookConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The webhook under test, started in-process exactly as {@code java -jar} starts it
 * ({@link Main#start}), standalone (pools from a file, no Kubernetes API), with one pool large
 * enough that no benchmark run exhausts it.
 */
final class BenchWebhook {
    static final String POOLS = """
            apiVersion: stickyip.io/v1alpha1
            kind: IPPool
            metadata: {name: %s}
            spec:
              cidr: 10.64.0.0/12
              gateway: 10.64.0.1
              namespaces: [%s]
            """.formatted(AdmissionLoad.POOL, AdmissionLoad.NAMESPACE);

    /** Beside the benchmark's tls dir: the callers' CA and the client certificate the load presents. */
    static final String CALLERS_CA = "callers-ca";

    static final String CALLER = "caller";

    private BenchWebhook() {}

    /** Writes the pools file into {@code dir}; returns its path. */
    static Path writePools(Path dir) {
        try {
            return Files.writeString(dir.resolve("pools.yaml"), POOLS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requires client certificates from the callers' CA beside {@code tlsDir}, as the local cluster's webhook does. */
    static Deployed start(String etcdEndpoint, String prefix, Path tlsDir, Path poolsFile, Map<String, String> extra) {
        Path callersCa = tlsDir.resolveSibling(CALLERS_CA);
        Map<String, String> env = new HashMap<>(extra);
        env.putAll(Map.of(
                "STICKYIP_HOST",
                "127.0.0.1",
                "STICKYIP_PORT",
                "0",
                "STICKYIP_CERT_DIR",
                tlsDir.toString(),
                "STICKYIP_ETCD_ENDPOINTS",
                etcdEndpoint,
                "STICKYIP_ETCD_PLAINTEXT",
                "true",
                "STICKYIP_ETCD_PREFIX",
                prefix,
                "STICKYIP_POOLS_FILE",
                poolsFile.toString(),
                "STICKYIP_CLIENT_CA_FILE",
                callersCa.resolve("ca.crt").toString()));
        env.putIfAbsent(
                SealKeyConfig.SIGNING_KEY,
                TestSealKeys.write(tlsDir.resolveSibling("seal")).get(SealKeyConfig.SIGNING_KEY));
        return Main.start(WebhookConfig.fromMap(env));
    }
}
