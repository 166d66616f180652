package io.stickyip.webhook.bench;

import io.stickyip.webhook.it.Reviews;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admissions the benchmark sends: every request is a distinct AdmissionReview (own uid). A
 * new admission is the first pod of a new workload, cycling bare pod, Deployment pod and
 * StatefulSet pod (8 ordinals per StatefulSet), and claims one address from pool {@value #POOL}.
 * A re-admission sends a pod of a workload that was already admitted (a pod deleted and
 * recreated, as a rollout or eviction does): the webhook finds the reservation and patches the
 * same address, without writing. Roughly {@code readmitPercent} % are re-admissions.
 */
final class AdmissionLoad {
    static final String NAMESPACE = "bench";
    static final String POOL = "bench";
    static final int ORDINALS = 8;
    private static final String MARK = "benchmarkname";
    private static final Map<String, String> ANNOTATIONS = Map.of("stickyip.io/pool", POOL);

    /** One request: which workload, whether it re-admits, and the body. */
    record Request(int workload, boolean readmit, Buffer body) {
        String kind() {
            return readmit ? "readmit" : "new";
        }
    }

    private record Template(String json, String uid) {
        static Template of(String review) {
            return new Template(
                    review,
                    Reviews.JSON.readTree(review).path("request").path("uid").asString());
        }

        String render(String name, String uid) {
            return json.replace(this.uid, uid).replace(MARK, name);
        }
    }

    private final int readmitPercent;
    private final boolean barePodsOnly;
    private final long runId = ThreadLocalRandom.current().nextLong();
    private final Template barePod = Template.of(Reviews.barePod(NAMESPACE, MARK, ANNOTATIONS));
    private final Template deploymentPod = Template.of(Reviews.deploymentPod(NAMESPACE, MARK, ANNOTATIONS, false));
    private final List<Template> statefulSetPods = new ArrayList<>();
    private final AtomicInteger nextWorkload = new AtomicInteger();
    private final List<Integer> admitted = new ArrayList<>();

    AdmissionLoad(int readmitPercent) {
        this(readmitPercent, false);
    }

    /** @param barePodsOnly every new workload a bare pod (one reservation each), as the external-load mode sends */
    AdmissionLoad(int readmitPercent, boolean barePodsOnly) {
        this.readmitPercent = readmitPercent;
        this.barePodsOnly = barePodsOnly;
        for (int ordinal = 0; ordinal < ORDINALS; ordinal++) {
            statefulSetPods.add(Template.of(Reviews.statefulSetPod(NAMESPACE, MARK, ordinal, ANNOTATIONS)));
        }
    }

    /** Request number {@code index}: a re-admission when the index hashes below the percentage and something was admitted. */
    Request request(long index) {
        boolean readmit = Long.remainderUnsigned(index * 0x9E3779B97F4A7C15L, 100) < readmitPercent;
        Integer workload = readmit ? anyAdmitted() : null;
        int w = workload != null ? workload : nextWorkload.getAndIncrement();
        String uid = new UUID(runId, index).toString();
        return new Request(w, workload != null, Buffer.buffer(render(w, uid)));
    }

    /** Remembers a workload whose first admission was allowed, so later requests may re-admit it. */
    void answered(Request request, boolean allowed) {
        if (allowed && !request.readmit()) {
            synchronized (admitted) {
                admitted.add(request.workload());
            }
        }
    }

    /** First admissions allowed so far (each holds one reservation). */
    int admittedCount() {
        synchronized (admitted) {
            return admitted.size();
        }
    }

    private Integer anyAdmitted() {
        synchronized (admitted) {
            return admitted.isEmpty()
                    ? null
                    : admitted.get(ThreadLocalRandom.current().nextInt(admitted.size()));
        }
    }

    private String render(int w, String uid) {
        if (barePodsOnly) {
            return barePod.render("web-" + w, uid);
        }
        return switch (w % 3) {
            case 0 -> barePod.render("web-" + w, uid);
            case 1 -> deploymentPod.render("api-" + w, uid);
            default -> statefulSetPods.get((w / 3) % ORDINALS).render("db-" + w / (3 * ORDINALS), uid);
        };
    }

    /** The mix, for the report. */
    String describe() {
        return "each request a distinct AdmissionReview (~" + barePod.json().length() + " bytes); "
                + (100 - readmitPercent)
                + " % first admissions of new workloads (bare pod / Deployment pod / StatefulSet pod in turn, one address "
                + "claimed from a /12 pool: etcd read + guarded write), " + readmitPercent
                + " % re-admissions of admitted "
                + "workloads (reservation found: etcd read only, same address patched)";
    }
}
