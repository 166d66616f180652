package io.stickyip.runtime.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.runtime.lifecycle.LogValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells, once per pod, of a pod whose {@code stickyip.io/workload} names a workload of another
 * namespace than its own: stickyip never writes that, so it was forged or copied, and the pod is
 * ignored (it holds, blocks and keeps alive no slot). The pods told of are remembered up to a bound.
 */
final class ForeignPods {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignPods.class);
    static final int REMEMBERED = 4096;

    private final Set<String> told = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));

    /** Logs the pod if it names another namespace's workload and was not told of yet. */
    void check(Pod pod) {
        ManagedPod.foreignWorkloadOf(pod).ifPresent(named -> {
            if (told.add(PodStates.uidKey(pod))) {
                LOG.warn(
                        "ignored pod={}/{} uid={}: it names workload \"{}\" of another namespace",
                        LogValue.of(PodStates.namespace(pod)),
                        LogValue.of(pod.getMetadata().getName()),
                        LogValue.of(PodStates.uid(pod)),
                        LogValue.of(named.key()));
            }
        });
    }
}
