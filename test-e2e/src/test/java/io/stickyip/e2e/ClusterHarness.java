package io.stickyip.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A Kubernetes cluster with stickyip installed, for the end-to-end suite. Two providers are
 * intended: {@link LocalProcessCluster} (the upstream binaries as local processes, always
 * available here) and a kind cluster through Testcontainers where a Docker engine exists (not
 * written yet: stickyip has no container image to load into it).
 */
public interface ClusterHarness extends AutoCloseable {

    KubernetesClient client();

    /** Stops webhook replica n (1 or 2) gracefully. */
    void stopWebhook(int replica);

    /** Kills webhook replica n (1 or 2) with SIGKILL, as a crash would. */
    void killWebhook(int replica);

    /** Starts webhook replica n again and waits until it is ready. */
    void startWebhook(int replica);

    /** Sum over replicas of the mutate requests they answered ({@code stickyip_admission_requests_total}). */
    double mutateRequests();

    /** Starts webhook replica n again with further environment (e.g. {@code STICKYIP_SCHEDULER_NAME}). */
    void startWebhook(int replica, java.util.Map<String, String> env);

    /** Kills scheduler extender replica n (1 or 2) with SIGKILL. */
    void killExtender(int replica);

    /** Starts scheduler extender replica n again and waits until it is ready. */
    void startExtender(int replica);

    /** Sum over extender replicas of the filter and prioritize calls they answered ({@code stickyip_extender_calls_total}). */
    double extenderCalls();

    @Override
    void close();
}
