package io.stickyip.agent.cri;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A containerd of its own (Debian's package): root, state, socket and CNI config under a temp dir, the local
 * pause image imported, sandboxes in a cgroup parent of its own. {@link #close()} stops it and removes what
 * it made (temp dir, cgroups, leftover shims of this instance by PID).
 */
final class Containerd implements AutoCloseable {

    final String id = "sip-i9-cri-"
            + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    final Path dir;
    final Path socket;
    private final Process process;

    Containerd(Path pauseArchive) throws IOException, InterruptedException {
        dir = Files.createTempDirectory(id);
        socket = dir.resolve("containerd.sock");
        Files.createDirectories(dir.resolve("cni"));
        // containerd 1.6 wants an interface with an address in the CNI result: a bridge of ours (no address on
        // it, not a gateway: the plugin then leaves ip_forward alone), host-local with its state in our dir
        Files.writeString(dir.resolve("cni/10-" + id + ".conflist"), """
                {"cniVersion": "0.4.0", "name": "%s", "plugins": [{"type": "bridge", "bridge": "%s",
                  "isGateway": false, "ipMasq": false,
                  "ipam": {"type": "host-local", "dataDir": "%s/ipam", "ranges": [[{"subnet": "203.0.113.240/28"}]]}}]}
                """.formatted(id, bridge(), dir));
        Files.writeString(dir.resolve("config.toml"), """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                oom_score = 0
                disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs",
                  "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper",
                  "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp",
                  "io.containerd.internal.v1.tracing"]
                [grpc]
                  address = "%1$s/containerd.sock"
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "stickyip.local/pause:1"
                  restrict_oom_score_adj = true
                  disable_apparmor = true
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "overlayfs"
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        SystemdCgroup = false
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "/usr/lib/cni"
                    conf_dir = "%1$s/cni"
                """.formatted(dir));
        process = new ProcessBuilder(
                        "containerd", "--config", dir.resolve("config.toml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("containerd.log").toFile())
                .start();
        Awaitility.await("containerd socket")
                .atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(socket) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("containerd exited: " + Files.readString(dir.resolve("containerd.log")));
        }
        run("ctr", "--address", socket.toString(), "-n", "k8s.io", "images", "import", pauseArchive.toString());
    }

    /** The CNI bridge this instance's sandboxes hang off (in the host namespace; removed by close). */
    String bridge() {
        return "sipi9" + id.substring(id.length() - 4);
    }

    /** The cgroup parent sandboxes of this instance go under. */
    String cgroupParent() {
        return "/" + id;
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("containerd.log"));
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", argv) + ": "
                    + new String(p.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // shims of this instance (their command line names our state dir), by PID
        ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains(dir.toString()))
                        .orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        removeCgroups();
        run(List.of("ip", "link", "del", bridge()));
        run(List.of("umount", "-R", dir.resolve("state").toString()));
        run(List.of("umount", "-R", dir.resolve("root").toString()));
        deleteTree(dir);
    }

    private void removeCgroups() throws IOException {
        try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path c : controllers.toList()) {
                Path mine = c.resolve(id);
                if (Files.isDirectory(mine)) {
                    try (Stream<Path> tree = Files.walk(mine)) {
                        tree.filter(Files::isDirectory)
                                .sorted(Comparator.reverseOrder())
                                .forEach(d -> d.toFile().delete());
                    }
                }
            }
        }
    }

    private static void run(List<String> argv) {
        try {
            new ProcessBuilder(argv).redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
