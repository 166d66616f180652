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

    /** Every key under {@code prefix} in stickyip's etcd, with its value (read with etcdctl, not through the webhook). */
    java.util.Map<String, String> etcd(String prefix);

    /** As {@link #etcd}, without a client certificate: stickyip's etcd must refuse (an exception). */
    java.util.Map<String, String> etcdWithoutClientCertificate(String prefix);

    /**
     * POSTs a body straight to the webhook's address (as HAProxy, the stand-in Service, serves it),
     * presenting the API server's client certificate or none; the status and body.
     */
    java.util.Map.Entry<Integer, String> postToWebhook(String path, String body, boolean asApiServer);

    /** Stops webhook replica n (1 or 2) gracefully. */
    void stopWebhook(int replica);

    /** Kills webhook replica n (1 or 2) with SIGKILL, as a crash would. */
    void killWebhook(int replica);

    /** Starts webhook replica n again and waits until it is ready. */
    void startWebhook(int replica);

    /** Sum over replicas of the mutate requests they answered ({@code stickyip_admission_requests_total}). */
    double mutateRequests();

    @Override
    void close();
}
