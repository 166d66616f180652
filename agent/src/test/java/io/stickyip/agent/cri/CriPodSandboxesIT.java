package io.stickyip.agent.cri;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.agent.cri.v1.LinuxPodSandboxConfig;
import io.stickyip.agent.cri.v1.ListPodSandboxRequest;
import io.stickyip.agent.cri.v1.PodSandboxConfig;
import io.stickyip.agent.cri.v1.PodSandboxMetadata;
import io.stickyip.agent.cri.v1.PodSandboxStatusRequest;
import io.stickyip.agent.cri.v1.RemovePodSandboxRequest;
import io.stickyip.agent.cri.v1.RunPodSandboxRequest;
import io.stickyip.agent.cri.v1.StopPodSandboxRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRI client against a real containerd (Debian's 1.6, own root/state/socket, no Kubernetes): a sandbox
 * run the way the kubelet runs one is found by the pod's UID, and its netns path is a namespace of its own.
 * Needs root, containerd, runc, the CNI loopback plugin and the local pause image (hack/build-tools node-images).
 */
class CriPodSandboxesIT {

    static Containerd containerd;
    static CriPodSandboxes sandboxes;
    static Set<String> netnsBefore;
    static String forwardingBefore;

    @BeforeAll
    static void start() throws Exception {
        netnsBefore = netns();
        forwardingBefore = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward"));
        containerd = new Containerd(pauseArchive());
        sandboxes = CriPodSandboxes.connect(containerd.socket, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (sandboxes != null) {
                for (var s : sandboxes
                        .runtime()
                        .listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                        .getItemsList()) {
                    sandboxes
                            .runtime()
                            .stopPodSandbox(StopPodSandboxRequest.newBuilder()
                                    .setPodSandboxId(s.getId())
                                    .build());
                    sandboxes
                            .runtime()
                            .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                                    .setPodSandboxId(s.getId())
                                    .build());
                }
                sandboxes.close();
            }
        } finally {
            if (containerd != null) {
                containerd.close();
            }
        }
        assertThat(netns())
                .as("containerd network namespaces left in /var/run/netns")
                .isSubsetOf(netnsBefore);
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")))
                .as("host ip_forward")
                .isEqualTo(forwardingBefore);
        assertThat(Files.exists(Path.of("/sys/class/net", containerd.bridge())))
                .as("CNI bridge removed")
                .isFalse();
    }

    @Test
    void findsTheReadySandboxOfAPodByItsUidAndItsNetworkNamespace() throws Exception {
        PodRef pod = new PodRef("default", "db-0", UUID.randomUUID().toString());
        String id = sandboxes
                .runtime()
                .runPodSandbox(
                        RunPodSandboxRequest.newBuilder().setConfig(config(pod)).build())
                .getPodSandboxId();

        SandboxLookup found = sandboxes.find(pod);

        assertThat(found).isInstanceOfSatisfying(SandboxLookup.Found.class, f -> {
            assertThat(f.sandboxId()).isEqualTo(id);
            assertThat(f.netns().path()).startsWith("/var/run/netns/cni-");
            assertThat(Files.exists(Path.of(f.netns().path()))).isTrue();
            assertThat(netnsInode(f.netns().path())).isNotEqualTo(netnsInode("/proc/self/ns/net"));
        });
        assertThat(sandboxes.find(
                        new PodRef("default", "other", UUID.randomUUID().toString())))
                .isInstanceOf(SandboxLookup.NotReady.class);
        writeFixture(id);

        sandboxes
                .runtime()
                .stopPodSandbox(
                        StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        assertThat(sandboxes.find(pod)).as("a stopped sandbox is not ready").isInstanceOf(SandboxLookup.NotReady.class);
        sandboxes
                .runtime()
                .removePodSandbox(
                        RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        assertThat(Path.of(((SandboxLookup.Found) found).netns().path()))
                .as("the sandbox's netns after removal")
                .doesNotExist();
    }

    /** As the kubelet sets them: metadata, the pod labels, a cgroup parent (ours). */
    private static PodSandboxConfig config(PodRef pod) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(pod.name())
                        .setNamespace(pod.namespace())
                        .setUid(pod.uid())
                        .setAttempt(0))
                .putLabels(CriPodSandboxes.UID_LABEL, pod.uid())
                .putLabels("io.kubernetes.pod.name", pod.name())
                .putLabels("io.kubernetes.pod.namespace", pod.namespace())
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(containerd.cgroupParent()))
                .build();
    }

    /** Keeps the real verbose info of the sandbox (SandboxInfoTest reads a copy committed under src/test/resources). */
    private static void writeFixture(String id) throws IOException {
        String info = sandboxes
                .runtime()
                .podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                        .setPodSandboxId(id)
                        .setVerbose(true)
                        .build())
                .getInfoMap()
                .get(SandboxInfo.INFO_KEY);
        Files.writeString(Path.of("target/containerd-1.6-sandbox-info.json"), info);
    }

    private static Path pauseArchive() throws IOException {
        String prop = System.getProperty("stickyip.pause.archive", "");
        if (!prop.isBlank()) {
            return Path.of(prop);
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache/stickyip/bin");
        try (Stream<Path> dirs = Files.list(cache)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("node-images-"))
                    .map(d -> d.resolve("pause.oci.tar"))
                    .filter(Files::exists)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no pause image: run hack/build-tools node-images, or set -Dstickyip.pause.archive"));
        }
    }

    private static Set<String> netns() throws IOException {
        Path d = Path.of("/var/run/netns");
        if (!Files.isDirectory(d)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            // containerd's own (cni-*): other tests on this machine make namespaces of their own meanwhile
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("cni-"))
                    .collect(Collectors.toSet());
        }
    }

    private static Object netnsInode(String path) {
        try {
            return Files.getAttribute(Path.of(path), "unix:ino");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
