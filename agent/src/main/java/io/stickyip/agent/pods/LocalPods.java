package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** The managed pods bound to this node, as the informer holds them. */
public interface LocalPods {
    Optional<Pod> byUid(String uid);

    List<Pod> all();
}
