package io.stickyip.webhook;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import io.stickyip.runtime.config.SealKeyConfig;
import io.stickyip.runtime.config.ServerConfig;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.LogFormat;
import io.stickyip.runtime.pods.UnbornGrace;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.webhook.admission.CallerAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration, built once from environment variables (Strimzi's buildFromMap style) with
 * runtime's {@link Env}: validated at start-up, defaults as named constants, logged once (the seal
 * key by its file and key id only).
 *
 * @param server         listen address, port, certificate directory (always HTTPS), body limit
 * @param etcd           etcd client URLs, key prefix, per-call timeout, TLS ({@link EtcdStoreConfig#fromEnv})
 * @param poolsFile      standalone mode: IPPools from this YAML file instead of the cluster
 * @param kubernetes     whether to use the Kubernetes API (IPPool and pod informers, live reads of pods)
 * @param schedulerName  dedicated scheduler to route annotated pods to, if any
 * @param unbornGrace    how long after its admission a slot whose pod was never seen counts as live ({@link UnbornGrace},
 *                       read by the controller too, whose unborn collector gives such a slot back after it)
 * @param logFormat      text or JSON logs
 * @param certRotation   how often to check whether the serving certificate is due for renewal
 *                       (only when the CA key is in the certificate directory); zero disables
 * @param callers        who may call /mutate and /validate (client certificates from a CA, or anyone)
 * @param seal           the key that signs what the webhook writes on a pod ({@value SealKeyConfig#SIGNING_KEY}, required)
 */
public record WebhookConfig(
        ServerConfig server,
        EtcdStoreConfig etcd,
        Optional<Path> poolsFile,
        boolean kubernetes,
        Optional<String> schedulerName,
        Duration unbornGrace,
        LogFormat logFormat,
        Duration certRotation,
        CallerAuth callers,
        SealKeyConfig.Signer seal)
        implements Launcher.LaunchConfig {

    public static final int DEFAULT_PORT = 8443;
    public static final String DEFAULT_CERT_DIR = "/etc/stickyip/tls";
    public static final Duration DEFAULT_CERT_ROTATION = Duration.ofHours(1);

    public static WebhookConfig fromMap(Map<String, String> env) {
        return fromEnv(new Env(env));
    }

    public static WebhookConfig fromEnv(Env env) {
        Optional<Path> pools = env.optionalPath("STICKYIP_POOLS_FILE");
        boolean kubernetes = env.bool("STICKYIP_KUBERNETES", pools.isEmpty());
        if (!kubernetes && pools.isEmpty()) {
            throw InvalidConfigException.of(
                    "STICKYIP_KUBERNETES",
                    env.string("STICKYIP_KUBERNETES", ""),
                    "needs STICKYIP_POOLS_FILE: without the cluster the pools come from a file");
        }
        return new WebhookConfig(
                ServerConfig.fromEnv(env, ServerConfig.Defaults.https(DEFAULT_PORT, DEFAULT_CERT_DIR)),
                EtcdStoreConfig.fromEnv(env),
                pools,
                kubernetes,
                env.optional("STICKYIP_SCHEDULER_NAME"),
                UnbornGrace.fromEnv(env),
                env.oneOf("STICKYIP_LOG_FORMAT", LogFormat.TEXT),
                env.duration("STICKYIP_CERT_ROTATION_INTERVAL", DEFAULT_CERT_ROTATION),
                CallerAuth.fromEnv(env),
                SealKeyConfig.signer(env));
    }

    /** The serving certificate's directory (the webhook always serves HTTPS). */
    public Path certDir() {
        return server.certDir().orElseThrow();
    }

    /** For the start-up log line. */
    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(server.describe());
        m.put("etcd", etcd.endpoints());
        m.put(
                "etcdTls",
                etcd.tls()
                        .map(t -> "CA " + t.caFile() + ", client certificate " + t.certFile())
                        .orElse("off (plain HTTP asked for)"));
        m.put("etcdPrefix", etcd.prefix());
        m.put("etcdTimeout", etcd.timeout());
        m.put("pools", poolsFile.map(Path::toString).orElse("kubernetes"));
        m.put("kubernetes", kubernetes);
        m.put("schedulerName", schedulerName.orElse("(default)"));
        m.put("unbornGrace", unbornGrace);
        m.put("certRotation", certRotation.isZero() ? "off" : certRotation);
        m.put(
                "clientCertificates",
                callers.caFile().map(f -> "required, CA " + f).orElse("not required (STICKYIP_CLIENT_AUTH=none)"));
        m.put("sealKey", seal.describe());
        return m;
    }
}
