package io.stickyip.agent.cri;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SandboxInfoTest {

    /** What containerd 1.6.20 (Debian) answered to PodSandboxStatus(verbose) in CriPodSandboxesIT. */
    @Test
    void readsTheNetnsPathFromRealContainerdOutput() throws IOException {
        String info;
        try (var in = SandboxInfoTest.class.getResourceAsStream("/cri/containerd-1.6-sandbox-info.json")) {
            info = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(SandboxInfo.networkNamespace(Map.of("info", info)).path())
                .hasValue("/var/run/netns/cni-25a19d2d-6e83-8b52-9da0-6067195c52cd");
    }

    /** CRI-O puts the same runtimeSpec under "info" (server/sandbox_status.go), with its own netns directory. */
    @Test
    void readsCriOsShape() {
        String crio = """
                {"image":"registry.k8s.io/pause:3.9","pid":4242,"runtimeSpec":{"ociVersion":"1.0.2-dev",
                 "linux":{"namespaces":[{"type":"pid"},{"type":"network","path":"/var/run/netns/5f2d0a4c-1b7e-4b8e-9d61-2f1c0e3b9a77"},
                 {"type":"ipc","path":"/var/run/ipcns/5f2d0a4c"}]}}}""";

        assertThat(SandboxInfo.networkNamespace(Map.of("info", crio)).path())
                .hasValue("/var/run/netns/5f2d0a4c-1b7e-4b8e-9d61-2f1c0e3b9a77");
    }

    @ParameterizedTest(name = "says why there is no path: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                                                     | no runtimeSpec.linux.namespaces",
                "{\"runtimeSpec\":{\"linux\":{\"namespaces\":[{\"type\":\"pid\"}]}}}     | has no network namespace (host network)",
                "{\"runtimeSpec\":{\"linux\":{\"namespaces\":[{\"type\":\"network\"}]}}} | network namespace has no path",
                "not json                                                               | is not JSON"
            })
    void saysWhyThereIsNoPath(String info, String why) {
        SandboxInfo.Result r = SandboxInfo.networkNamespace(Map.of("info", info));

        assertThat(r.path()).isEqualTo(Optional.empty());
        assertThat(r.why()).contains(why);
    }

    @Test
    void aStatusWithoutVerboseInfoIsNamedAsSuch() {
        assertThat(SandboxInfo.networkNamespace(Map.of()).why()).contains("verbose: true");
    }
}
