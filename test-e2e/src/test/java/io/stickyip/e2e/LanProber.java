package io.stickyip.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Probes a fixed address from the LAN client continuously, on two threads, until closed (at most
 * {@link #MAX}): TCP to the echo server (who answers: its {@code host=}, the pod's name) and ARP (which
 * link-layer addresses answer for it: two at once means the address is live on two nodes).
 */
final class LanProber implements AutoCloseable {
    static final Duration MAX = Duration.ofMinutes(5);
    private static final Pattern HOST = Pattern.compile("host=(\\S+)");
    private static final Pattern MAC = Pattern.compile("bytes from ([0-9a-f:]{17}) ");

    /** One TCP probe: who answered ({@code null}: nobody). */
    record Answer(Instant at, String host) {}

    /** One ARP round: every link-layer address that answered. */
    record Arp(Instant at, Set<String> macs) {}

    private final List<String> enter;
    private final String address;
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final List<Arp> arps = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "lan-prober");
        t.setDaemon(true);
        return t;
    });
    private final Instant end = Instant.now().plus(MAX);

    /** @param lanClientPid the LAN client's holder (STICKYIP_LAN_CLIENT_PID) */
    LanProber(String lanClientPid, String address) {
        this.enter = List.of("nsenter", "--target", lanClientPid, "--net", "--");
        this.address = address;
        probes.scheduleWithFixedDelay(this::tcpProbe, 0, 50, TimeUnit.MILLISECONDS);
        probes.scheduleWithFixedDelay(this::arpProbe, 0, 10, TimeUnit.MILLISECONDS);
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    List<Arp> arps() {
        return List.copyOf(arps);
    }

    /** The pods that answered, in the order they first did. */
    List<String> hostsInOrder() {
        Set<String> seen = new LinkedHashSet<>();
        answers.stream().filter(a -> a.host() != null).forEach(a -> seen.add(a.host()));
        return List.copyOf(seen);
    }

    /** The ARP rounds that two or more link-layer addresses answered. */
    List<Arp> doubleAnswers() {
        return arps.stream().filter(a -> a.macs().size() > 1).toList();
    }

    /** Answers of {@code host} after {@code other} had first answered (an old holder answering after the new one). */
    List<Answer> answeredAfter(String host, String other) {
        Instant first = answers.stream()
                .filter(a -> other.equals(a.host()))
                .map(Answer::at)
                .findFirst()
                .orElse(Instant.MAX);
        return answers.stream()
                .filter(a -> host.equals(a.host()) && a.at().isAfter(first))
                .toList();
    }

    /** The last answer of {@code host}, the first of {@code other}: the handover gap. */
    Duration gap(String host, String other) {
        Instant last = answers.stream()
                .filter(a -> host.equals(a.host()))
                .map(Answer::at)
                .reduce((a, b) -> b)
                .orElseThrow();
        Instant first = answers.stream()
                .filter(a -> other.equals(a.host()))
                .map(Answer::at)
                .findFirst()
                .orElseThrow();
        return Duration.between(last, first);
    }

    private void tcpProbe() {
        if (Instant.now().isAfter(end)) {
            probes.shutdown();
            return;
        }
        String out = run(List.of("sh", "-c", "busybox nc -w 1 " + address + " 8080 </dev/null"));
        Matcher m = HOST.matcher(out);
        answers.add(new Answer(Instant.now(), m.find() ? m.group(1) : null));
    }

    private void arpProbe() {
        Instant at = Instant.now();
        String out = run(List.of("arping", "-c", "1", "-w", "0.3", "-i", "eth0", address));
        Set<String> macs = new LinkedHashSet<>();
        Matcher m = MAC.matcher(out);
        while (m.find()) {
            macs.add(m.group(1));
        }
        arps.add(new Arp(at, macs));
    }

    private String run(List<String> command) {
        List<String> argv = new ArrayList<>(enter);
        argv.addAll(command);
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() {
        probes.shutdown();
        try {
            probes.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
