package io.stickyip.e2e;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads keys straight from stickyip's etcd (the reservations' own, TLS with client certificates)
 * with {@code etcdctl} (the one {@code hack/build-tools} built) and the webhook's client
 * certificate, as {@code hack/cluster env} names them: what the webhook wrote, not what it says.
 */
final class EtcdReader {
    private final Path repo;
    private final Map<String, String> clusterEnv;

    EtcdReader(Path repo, Map<String, String> clusterEnv) {
        this.repo = repo;
        this.clusterEnv = clusterEnv;
    }

    /** Every key under {@code prefix} with its value, as UTF-8 text. */
    Map<String, String> read(String prefix) {
        return read(prefix, true);
    }

    /** As {@link #read(String)}, presenting the webhook's client certificate or none (then etcd must refuse). */
    Map<String, String> read(String prefix, boolean withClientCertificate) {
        String etcdctl = LocalProcessCluster.output(
                        repo, Map.of(), Duration.ofMinutes(5), List.of("hack/build-tools", "path", "etcdctl"))
                .strip();
        List<String> command = new ArrayList<>(List.of(
                etcdctl,
                "--command-timeout=5s",
                "--endpoints=" + clusterEnv.get("STICKYIP_WEBHOOK_ETCD_ENDPOINTS"),
                "--cacert=" + clusterEnv.get("STICKYIP_WEBHOOK_ETCD_CA")));
        if (withClientCertificate) {
            command.add("--cert=" + clusterEnv.get("STICKYIP_WEBHOOK_ETCD_CLIENT_CERT"));
            command.add("--key=" + clusterEnv.get("STICKYIP_WEBHOOK_ETCD_CLIENT_KEY"));
        }
        command.addAll(List.of("get", prefix, "--prefix", "--write-out=json"));
        String out = LocalProcessCluster.output(repo, Map.of(), Duration.ofMinutes(1), command);
        JsonNode root = Serialization.jsonMapper().readTree(out);
        Map<String, String> kvs = new LinkedHashMap<>();
        for (JsonNode kv : root.path("kvs")) {
            kvs.put(decode(kv.path("key").asString("")), decode(kv.path("value").asString("")));
        }
        return kvs;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
