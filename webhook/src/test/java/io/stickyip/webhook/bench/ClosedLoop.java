package io.stickyip.webhook.bench;

import io.stickyip.bench.Latencies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: {@code concurrency} clients, each sending its next request as soon as the
 * previous one is answered. Requests started during the warm-up are not recorded; the measured
 * window runs from the end of the warm-up to the last measured answer.
 */
final class ClosedLoop {
    private static final Duration STRAGGLER_LIMIT = Duration.ofSeconds(60);

    /** What one cell measured. */
    record Result(
            String target,
            int concurrency,
            long requests,
            double seconds,
            Latencies latencies,
            Map<String, Latencies> byLabel,
            Map<String, Long> labels,
            List<String> sampleErrors,
            double loadAverage,
            CpuClock cpu) {
        double throughput() {
            return seconds > 0 ? requests / seconds : Double.NaN;
        }

        /** CPU milliseconds of this JVM (webhook and load generator) per measured request. */
        double jvmCpuMillisPerRequest() {
            return requests > 0 && cpu != null ? cpu.jvmNanos() / 1e6 / requests : Double.NaN;
        }

        /** CPU milliseconds of etcd per measured request. */
        double etcdCpuMillisPerRequest() {
            return requests > 0 && cpu != null ? cpu.etcdNanos() / 1e6 / requests : Double.NaN;
        }

        long errors() {
            return labels.entrySet().stream()
                    .filter(e -> e.getKey().endsWith(Target.FAILED))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }

    private final Target target;
    private final int concurrency;
    private final long measureFrom;
    private final long stopAt;
    private final long requestLimit;
    private final AtomicLong index = new AtomicLong();
    private final AtomicLong measuredTickets = new AtomicLong();
    private final AtomicBoolean cpuReading = new AtomicBoolean();
    private volatile CpuClock cpuAtMeasureStart;
    private final CountDownLatch finished;
    private final List<Client> clients = new ArrayList<>();

    private ClosedLoop(Target target, int concurrency, Duration warmup, Duration duration, long requests) {
        this.target = target;
        this.concurrency = concurrency;
        long now = System.nanoTime();
        this.measureFrom = now + warmup.toNanos();
        this.stopAt = requests > 0 ? Long.MAX_VALUE : measureFrom + duration.toNanos();
        this.requestLimit = requests;
        this.finished = new CountDownLatch(concurrency);
    }

    /** Runs the warm-up and the measurement; returns when every client has had its last answer. */
    static Result run(Target target, int concurrency, Duration warmup, Duration duration, long requests) {
        ClosedLoop loop = new ClosedLoop(target, concurrency, warmup, duration, requests);
        return loop.run();
    }

    private Result run() {
        for (int i = 0; i < concurrency; i++) {
            clients.add(new Client());
        }
        clients.forEach(Client::next);
        try {
            long expected =
                    stopAt == Long.MAX_VALUE ? Long.MAX_VALUE : stopAt - System.nanoTime() + STRAGGLER_LIMIT.toNanos();
            if (!finished.await(expected, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(
                        target.name() + " at " + concurrency + " clients: " + finished.getCount()
                                + " clients still waiting for an answer " + STRAGGLER_LIMIT + " after the end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Latencies all = new Latencies();
        Map<String, Latencies> byLabel = new TreeMap<>();
        Map<String, Long> labels = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        long lastEnd = measureFrom;
        for (Client c : clients) {
            all.add(c.all);
            c.byLabel.forEach((label, l) ->
                    byLabel.computeIfAbsent(label, k -> new Latencies()).add(l));
            c.labels.forEach((label, n) -> labels.merge(label, n, Long::sum));
            errors.addAll(c.errors);
            lastEnd = Math.max(lastEnd, c.lastEnd);
        }
        return new Result(
                target.name(),
                concurrency,
                all.count(),
                (lastEnd - measureFrom) / 1e9,
                all,
                byLabel,
                labels,
                errors.subList(0, Math.min(5, errors.size())),
                loadAverage(),
                cpuAtMeasureStart == null ? null : CpuClock.now().since(cpuAtMeasureStart));
    }

    /** The 1-minute load average when the cell ended: the other work on this machine, which these numbers include. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Whether a request may start now, and whether it is measured; null when the client is done. */
    private Boolean admit(long now) {
        if (now < measureFrom) {
            return Boolean.FALSE;
        }
        if (!cpuReading.get() && cpuReading.compareAndSet(false, true)) {
            cpuAtMeasureStart = CpuClock.now(); // one client pays for the reading, once
        }
        if (requestLimit > 0) {
            return measuredTickets.getAndIncrement() < requestLimit ? Boolean.TRUE : null;
        }
        return now < stopAt ? Boolean.TRUE : null;
    }

    /** One closed-loop client; its state is only touched by its own (sequential) request chain. */
    private final class Client {
        final Latencies all = new Latencies();
        final Map<String, Latencies> byLabel = new TreeMap<>();
        final Map<String, Long> labels = new TreeMap<>();
        final List<String> errors = new ArrayList<>();
        long lastEnd;

        void next() {
            long start = System.nanoTime();
            Boolean measured = admit(start);
            if (measured == null) {
                finished.countDown();
                return;
            }
            CompletionStage<String> answer;
            try {
                answer = target.send(index.getAndIncrement());
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((label, error) -> {
                long end = System.nanoTime();
                if (measured) {
                    record(end - start, end, error == null ? label : "exception" + Target.FAILED, error);
                }
                if (error == null) {
                    next();
                } else {
                    // never spin on a failing target: the next request waits a millisecond, on another thread
                    CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS).execute(this::next);
                }
            });
        }

        private void record(long nanos, long end, String label, Throwable error) {
            all.record(nanos);
            byLabel.computeIfAbsent(label, k -> new Latencies()).record(nanos);
            labels.merge(label, 1L, Long::sum);
            lastEnd = end;
            if (error != null && errors.size() < 5) {
                errors.add(String.valueOf(error));
            }
        }
    }
}
