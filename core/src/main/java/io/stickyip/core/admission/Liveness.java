package io.stickyip.core.admission;

/**
 * What is known of the pod occupying a slot. {@link #GONE} is final (a pod that is terminating,
 * finished or deleted never becomes live again), so acting on it is safe even if the knowledge is
 * old; {@link #UNKNOWN} (the pod is not in view) must never be taken for gone.
 */
public enum Liveness {
    LIVE,
    GONE,
    UNKNOWN
}
