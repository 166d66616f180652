package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only the API server may reserve, on the real cluster: the webhook (behind HAProxy, as the
 * API server reaches it) answers a forged AdmissionReview without a client certificate with 401
 * and etcd holds nothing for it; with the API server's certificate the same review is admitted.
 * (Every other e2e test creates pods through the API server, which presents that certificate
 * through its admission configuration.) And stickyip's etcd answers only with the webhook's
 * client certificate.
 */
class CallerAuthE2EIT {
    static ClusterHarness cluster;

    @BeforeAll
    static void setUp() {
        cluster = Clusters.get();
    }

    static String forgedReview(String name) {
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s",
                 "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
                 "namespace":"e2e-forged","name":"%s","operation":"CREATE","dryRun":false,
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"e2e-forged",
                   "annotations":{"stickyip.io/ip":"10.93.0.7"}},"spec":{"containers":[{"name":"a","image":"registry.example/a:1"}]}}}}
                """.formatted(UUID.randomUUID(), name, name);
    }

    @Test
    void aForgedReviewWithoutTheApiServersCertificateGets401AndReservesNothing() {
        Map.Entry<Integer, String> forged = cluster.postToWebhook("/mutate", forgedReview("forged"), false);

        assertThat(forged.getKey()).as(forged.getValue()).isEqualTo(401);
        assertThat(cluster.etcd("/stickyip/v1/workloads/e2e-forged/"))
                .as("etcd: nothing reserved for the forged pod")
                .isEmpty();
        assertThat(cluster.etcd("/stickyip/v1/ips/10.93.0.7")).isEmpty();
        assertThat(cluster.postToWebhook("/validate", forgedReview("forged"), false)
                        .getKey())
                .isEqualTo(401);
    }

    @Test
    void stickyipsEtcdAnswersOnlyWithTheWebhooksClientCertificate() {
        assertThat(cluster.etcd("/stickyip/v1/"))
                .as("with the webhook's client certificate")
                .isNotNull();
        assertThatThrownBy(() -> cluster.etcdWithoutClientCertificate("/stickyip/v1/"))
                .as("etcd --client-cert-auth refuses a client without a certificate, in the TLS handshake")
                .isInstanceOf(IllegalStateException.class);
        // etcdctl only says "context deadline exceeded"; etcd's own log says why it refused
        assertThat(cluster.logOf("stickyip-etcd"))
                .as("stickyip-etcd's log")
                .contains("rejected connection on client endpoint")
                .contains("tls: client didn't provide a certificate");
    }

    @Test
    void theSameReviewWithTheApiServersCertificateIsAnswered() {
        Map.Entry<Integer, String> answered = cluster.postToWebhook("/mutate", forgedReview("with-cert"), true);

        assertThat(answered.getKey()).isEqualTo(200);
        assertThat(answered.getValue()).contains("\"allowed\":false").contains("10.93.0.7 is in no IPPool");
    }
}
