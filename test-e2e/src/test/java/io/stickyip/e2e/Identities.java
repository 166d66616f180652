package io.stickyip.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Clients acting as someone other than the cluster admin: a tenant, or a node's agent. */
final class Identities {
    private Identities() {}

    /** A client for ServiceAccount {@code tenant} holding the {@code edit} ClusterRole in {@code namespace} (created if missing). */
    static KubernetesClient tenant(KubernetesClient admin, String namespace) {
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .serverSideApply();
        admin.serviceAccounts()
                .inNamespace(namespace)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("tenant")
                        .endMetadata()
                        .build())
                .serverSideApply();
        admin.rbac()
                .roleBindings()
                .inNamespace(namespace)
                .resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("tenant-edit")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "edit")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName("tenant")
                        .withNamespace(namespace)
                        .endSubject()
                        .build())
                .serverSideApply();
        return as(
                admin,
                token(
                        admin,
                        namespace,
                        "tenant",
                        new TokenRequestBuilder()
                                .withNewSpec()
                                .withExpirationSeconds(3600L)
                                .endSpec()
                                .build()));
    }

    /** A client for the node agent's ServiceAccount with a token bound to {@code node}, as a DaemonSet pod's would be. */
    static KubernetesClient agentOf(KubernetesClient admin, String node) {
        Node n = admin.nodes().withName(node).get();
        return as(
                admin,
                token(
                        admin,
                        "stickyip-node",
                        "stickyip-agent",
                        new TokenRequestBuilder()
                                .withNewSpec()
                                .withExpirationSeconds(3600L)
                                .withNewBoundObjectRef()
                                .withApiVersion("v1")
                                .withKind("Node")
                                .withName(node)
                                .withUid(n.getMetadata().getUid())
                                .endBoundObjectRef()
                                .endSpec()
                                .build()));
    }

    /** A client for the node agent's ServiceAccount with a token bound to nothing (no node name in it). */
    static KubernetesClient unboundAgent(KubernetesClient admin) {
        return as(
                admin,
                token(
                        admin,
                        "stickyip-node",
                        "stickyip-agent",
                        new TokenRequestBuilder()
                                .withNewSpec()
                                .withExpirationSeconds(3600L)
                                .endSpec()
                                .build()));
    }

    private static String token(KubernetesClient admin, String namespace, String sa, TokenRequest request) {
        return admin.serviceAccounts()
                .inNamespace(namespace)
                .withName(sa)
                .tokenRequest(request)
                .getStatus()
                .getToken();
    }

    private static KubernetesClient as(KubernetesClient admin, String token) {
        Config c = new ConfigBuilder(admin.getConfiguration())
                .withOauthToken(token)
                .withUsername(null)
                .withPassword(null)
                .withClientCertFile(null)
                .withClientCertData(null)
                .withClientKeyFile(null)
                .withClientKeyData(null)
                .build();
        return new KubernetesClientBuilder().withConfig(c).build();
    }
}
