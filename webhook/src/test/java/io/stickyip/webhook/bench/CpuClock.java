package io.stickyip.webhook.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time used so far by this JVM (webhook, load generator, GC, JIT) and by its child processes
 * (etcd). Divided by the requests of a cell it gives a cost per request that other load on the
 * machine inflates much less than it inflates latency.
 */
record CpuClock(long jvmNanos, long etcdNanos) {

    static CpuClock now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long children = ProcessHandle.current()
                .descendants()
                .mapToLong(
                        p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
        return new CpuClock(jvm, children);
    }

    CpuClock since(CpuClock earlier) {
        return new CpuClock(jvmNanos - earlier.jvmNanos, etcdNanos - earlier.etcdNanos);
    }
}
