package io.stickyip.agent.cri;

import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the network namespace path from a verbose {@code PodSandboxStatus}'s info map. containerd (1.6, 1.7,
 * 2.x) and CRI-O both put a JSON document under the key {@code info} whose {@code runtimeSpec} is the
 * sandbox's OCI runtime spec; its {@code linux.namespaces} entry of type {@code network} names the path
 * (containerd: pkg/cri/server/sandbox_status.go; CRI-O: server/sandbox_status.go). A sandbox in the host's
 * network has no path there.
 */
public final class SandboxInfo {
    private SandboxInfo() {}

    public static final String INFO_KEY = "info";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The path, or a sentence saying what was missing. */
    public static Result networkNamespace(Map<String, String> info) {
        String doc = info.get(INFO_KEY);
        if (doc == null) {
            return new Result(
                    Optional.empty(), "the status has no '" + INFO_KEY + "' entry (was it asked with verbose: true?)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(doc);
        } catch (JacksonException e) {
            return new Result(
                    Optional.empty(), "the status '" + INFO_KEY + "' entry is not JSON: " + e.getOriginalMessage());
        }
        JsonNode namespaces = root.path("runtimeSpec").path("linux").path("namespaces");
        if (!namespaces.isArray()) {
            return new Result(Optional.empty(), "the status info has no runtimeSpec.linux.namespaces");
        }
        for (JsonNode ns : namespaces) {
            if (ns.path("type").asString("").equals("network")) {
                String path = ns.path("path").asString("");
                return path.isEmpty()
                        ? new Result(Optional.empty(), "the sandbox's network namespace has no path (host network?)")
                        : new Result(Optional.of(path), "");
            }
        }
        return new Result(Optional.empty(), "the sandbox's runtime spec has no network namespace (host network)");
    }

    /** The path if found; otherwise {@code why} says what was missing. */
    public record Result(Optional<String> path, String why) {}
}
