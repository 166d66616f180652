package io.stickyip.webhook;

import io.stickyip.runtime.pods.LiveCheck;
import io.stickyip.runtime.pods.PodView;
import io.stickyip.runtime.pools.PoolSource;
import io.stickyip.webhook.admission.NodeLookup;
import io.stickyip.webhook.events.ReservationEvents;
import java.util.Optional;

/**
 * What the admission path reads about where the webhook runs, wired by {@link InCluster} or
 * {@link Standalone}: the pools, the view of pods, how to ask the API server whether a pod lives, and
 * the Node a pinned pod names, and where the admissions' Events go (none without a cluster).
 */
record Surroundings(
        PoolSource pools, PodView pods, LiveCheck live, NodeLookup nodes, Optional<ReservationEvents> events) {}
