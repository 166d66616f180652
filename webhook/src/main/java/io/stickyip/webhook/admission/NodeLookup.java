package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.core.placement.LabelSyntax;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Node a pod is pinned to ({@code spec.nodeName}), for admission's placement check
 * ({@link io.stickyip.core.admission.PinnedNode}). Only pinned pods ask, so one read per such pod
 * rather than a cache of every Node. Unknown (standalone, or the API did not answer) is empty:
 * the pod is then admitted and the node's agent refuses it if its node cannot host the pool.
 */
public interface NodeLookup {
    NodeLookup NONE = name -> CompletableFuture.completedFuture(Optional.empty());

    CompletionStage<Optional<Node>> node(String name);

    /**
     * Reads the Node from the API server on {@code blocking} (fabric8's calls block). A name that is
     * no valid Node name (a DNS subdomain, {@link LabelSyntax#isDnsSubdomain}) is never sent: mutating
     * admission runs before validation, which refuses the pod after us.
     */
    static NodeLookup of(KubernetesClient client, Executor blocking) {
        Logger log = LoggerFactory.getLogger(NodeLookup.class);
        return name -> !LabelSyntax.isDnsSubdomain(name)
                ? NONE.node(name)
                : CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return Optional.ofNullable(
                                        client.nodes().withName(name).get());
                            } catch (KubernetesClientException e) {
                                log.warn("node lookup failed node={} error=\"{}\"", name, e.getMessage());
                                return Optional.empty();
                            }
                        },
                        blocking);
    }
}
