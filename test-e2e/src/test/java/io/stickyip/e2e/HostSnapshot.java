package io.stickyip.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the host looks like in the places real nodes could change it: sysctls, iptables,
 * top-level cgroups, mounts, links, addresses, routes, network namespaces, the fixed paths of
 * kubelet/containerd/CNI, and processes naming a given directory. Two snapshots are compared
 * line by line, per section.
 */
record HostSnapshot(Map<String, TreeSet<String>> sections) {
    /** Values the kernel changes on its own from one second to the next. */
    static final Pattern VOLATILE_SYSCTL =
            Pattern.compile("^(fs\\.(dentry-state|file-nr|inode-nr|inode-state|aio-nr)|kernel\\.(ns_last_pid|pty\\.nr)"
                    + "|net\\.netfilter\\.nf_conntrack_count) =|^(fs\\.quota\\.|kernel\\.random\\.)");

    static final List<String> FIXED_PATHS = List.of(
            "/var/lib/kubelet",
            "/var/lib/cni",
            "/var/lib/containerd",
            "/var/log/containers",
            "/var/log/pods",
            "/run/containerd",
            "/run/netns",
            "/etc/cni",
            "/opt/cni",
            "/opt/containerd",
            "/usr/libexec/kubernetes",
            "/etc/kubernetes");
    static final List<String> LISTED_DIRS = List.of("/run", "/var/lib", "/var/log", "/etc", "/opt", "/usr/libexec");

    /** A snapshot; {@code watchedDir}: processes whose command line names it are listed too. */
    static HostSnapshot take(Path watchedDir) {
        Map<String, TreeSet<String>> s = new LinkedHashMap<>();
        s.put(
                "sysctl",
                lines(sh("sysctl -a 2>/dev/null")).stream()
                        .filter(l -> !VOLATILE_SYSCTL.matcher(l).find())
                        .collect(TreeSet::new, TreeSet::add, TreeSet::addAll));
        s.put(
                "iptables",
                lines(sh("{ iptables-save; ip6tables-save; } 2>/dev/null"
                        + " | sed -e '/^#/d' -e 's/\\[[0-9]*:[0-9]*\\]//'")));
        s.put(
                "cgroups",
                lines(sh("for m in $(awk '$3 == \"cgroup\" || $3 == \"cgroup2\" { print $2 }' /proc/self/mounts); do"
                        + " find \"$m\" -mindepth 1 -maxdepth 1 -type d; done")));
        s.put("mounts", lines(sh("awk '{ for (i = 7; $i != \"-\"; i++); print $5, $(i + 1) }' /proc/self/mountinfo")));
        s.put("links", lines(sh("ip -o link show | awk -F': ' '{ print $2 }' | cut -d@ -f1")));
        s.put("addresses", lines(sh("ip -o addr show | awk '{ print $2, $3, $4 }'")));
        s.put("routes", lines(sh("ip route show table all; ip -6 route show table all; ip rule; ip -6 rule")));
        s.put("netns", lines(sh("ls -1 /run/netns 2>/dev/null || true")));
        s.put("fixed paths", present(FIXED_PATHS));
        s.put("directories", listed());
        s.put("processes", processesNaming(watchedDir.toString()));
        return new HostSnapshot(s);
    }

    /** Each line only one of the two snapshots has, as "section: - line" (gone) or "+ line" (new). */
    List<String> diff(HostSnapshot after) {
        List<String> out = new ArrayList<>();
        for (var e : sections.entrySet()) {
            TreeSet<String> now = after.sections.getOrDefault(e.getKey(), new TreeSet<>());
            e.getValue().stream().filter(l -> !now.contains(l)).forEach(l -> out.add(e.getKey() + ": - " + l));
            now.stream().filter(l -> !e.getValue().contains(l)).forEach(l -> out.add(e.getKey() + ": + " + l));
        }
        return out;
    }

    int size() {
        return sections.values().stream().mapToInt(TreeSet::size).sum();
    }

    private static TreeSet<String> present(List<String> paths) {
        TreeSet<String> out = new TreeSet<>();
        for (String p : paths) {
            out.add(p + (Files.exists(Path.of(p)) ? " exists" : " absent"));
        }
        return out;
    }

    private static TreeSet<String> listed() {
        TreeSet<String> out = new TreeSet<>();
        for (String d : LISTED_DIRS) {
            try (Stream<Path> files = Files.list(Path.of(d))) {
                files.forEach(f -> out.add(f.toString()));
            } catch (IOException e) {
                out.add(d + " unreadable: " + e.getMessage());
            }
        }
        return out;
    }

    private static TreeSet<String> lines(String text) {
        TreeSet<String> out = new TreeSet<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }

    private static TreeSet<String> processesNaming(String dir) {
        TreeSet<String> out = new TreeSet<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .forEach(
                        p -> p.info().commandLine().filter(c -> c.contains(dir)).ifPresent(c -> out.add(c)));
        return out;
    }

    private static String sh(String script) {
        return LocalProcessCluster.output(
                Path.of("/"), Map.of(), Duration.ofSeconds(60), List.of("bash", "-c", script));
    }
}
