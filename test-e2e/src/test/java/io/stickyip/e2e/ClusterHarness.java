package io.stickyip.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

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

    /** The log so far of one of the cluster's processes ({@code hack/cluster status} names them). */
    String logOf(String process);

    /**
     * POSTs a body straight to the webhook's address (as HAProxy, the stand-in Service, serves it),
     * presenting the API server's client certificate or none; the status and body.
     */
    java.util.Map.Entry<Integer, String> postToWebhook(String path, String body, boolean asApiServer);

    /** Node label of the real nodes (kubelet, containerd, runc, CNI: pods really run there). */
    String REAL_NODE_LABEL = "stickyip.io/real-node";

    /** Taint of the real nodes: only pods that tolerate it land there. */
    String REAL_NODE_TAINT = "stickyip.io/real-node";

    /** Names of the real nodes (label {@value #REAL_NODE_LABEL}{@code =true}), sorted; empty if none. */
    List<String> realNodes();

    /**
     * Runs a command inside real node {@code node} (its network and mount namespaces) and returns
     * its standard output; fails if it exits non-zero.
     */
    String execOnNode(String node, String... command);

    /** The {@code STICKYIP_NODE_*} variables of real node {@code node} (its env file). */
    Map<String, String> nodeEnv(String node);

    /** Stops webhook replica n (1 or 2) gracefully. */
    void stopWebhook(int replica);

    /** Kills webhook replica n (1 or 2) with SIGKILL, as a crash would. */
    void killWebhook(int replica);

    /** Starts webhook replica n again and waits until it is ready. */
    void startWebhook(int replica);

    /** Stops controller replica n (1 or 2) gracefully. */
    void stopController(int replica);

    /** Starts controller replica n again and waits until it is ready. */
    void startController(int replica);

    /**
     * Starts both controller replicas side by side (those not running) with further environment, and waits until
     * each is ready.
     */
    void startControllers(java.util.Map<String, String> env);

    /** Starts both webhook replicas side by side (those not running) and waits until each is ready. */
    void startWebhooks();

    /**
     * Starts controller replica n again with further environment (e.g. {@code STICKYIP_NODE_ADDRESSES},
     * {@code STICKYIP_GC_GRACE}) and waits until it is ready.
     */
    void startController(int replica, java.util.Map<String, String> env);

    /** Sum over replicas of the mutate requests they answered ({@code stickyip_admission_requests_total}). */
    double mutateRequests();

    /** The CA certificate (PEM) the webhook's serving certificate was issued by: what every caBundle must hold. */
    String webhookCaPem();

    /**
     * Runs {@code stickyip-certs apply} again as the cluster's set-up did (the webhook's certificate
     * directory, Secret {@code stickyip-system/stickyip-webhook-tls}, the {@code stickyip} webhook
     * configurations) and returns what it printed.
     */
    String applyWebhookCertificates();

    /** Starts webhook replica n again with further environment (e.g. {@code STICKYIP_SCHEDULER_NAME}). */
    void startWebhook(int replica, java.util.Map<String, String> env);

    /** Kills scheduler extender replica n (1 or 2) with SIGKILL. */
    void killExtender(int replica);

    /** Starts scheduler extender replica n again and waits until it is ready. */
    void startExtender(int replica);

    /** Sum over extender replicas of the filter and prioritize calls they answered ({@code stickyip_extender_calls_total}). */
    double extenderCalls();

    /** The cluster's env file ({@code hack/cluster env}): ports, LAN, real nodes, agents. */
    Map<String, String> clusterEnv();

    /**
     * A real node's agent: {@code stop} (SIGTERM), {@code kill} (SIGKILL), {@code start} or {@code restart},
     * with further environment for the start (e.g. {@code STICKYIP_AGENT_CRASH_AFTER_STEPS}).
     */
    void agent(String action, String node, Map<String, String> env);

    /** Runs a command in the LAN client's network namespace and returns its standard output (fails on a non-zero exit). */
    String lanExec(String... command);

    @Override
    void close();
}
