package io.stickyip.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Only a caller with a client certificate from the configured CA (the API server) may reserve:
 * a forged AdmissionReview without one gets 401, one with a certificate from another CA does not
 * get through the TLS handshake, and neither reserves anything (read back from etcd). Health,
 * readiness and metrics stay open to everyone (probes, HAProxy checks).
 */
class CallerAuthIT {
    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    static WebhookFixture webhook;
    static ReservationStore store;

    @BeforeAll
    static void start() {
        String prefix = "/callers-" + UUID.randomUUID() + "/";
        webhook = WebhookFixture.start(etcd.endpoint(), prefix);
        store = new EtcdReservationStore(EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix));
    }

    @AfterAll
    static void stop() {
        store.close();
        webhook.close();
    }

    static String forged(String name) {
        return Reviews.barePod("default", name, Map.of("stickyip.io/pool", "demo"));
    }

    @Test
    void aCallWithoutAClientCertificateGets401AndReservesNothing() throws Exception {
        HttpResponse<String> response =
                webhook.post(webhook.httpClient(Optional.empty()), "/mutate", forged("no-cert"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":401").contains("STICKYIP_CLIENT_CA_FILE");
        assertThat(webhook.post(webhook.httpClient(Optional.empty()), "/validate", forged("no-cert"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(store.holders().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("nothing reserved")
                .isEmpty();
    }

    @Test
    void aCallWithACertificateFromAnotherCaIsRefusedInTheHandshakeAndReservesNothing() throws Exception {
        Path foreign = webhook.dir().resolve("foreign");
        WebhookFixture.issueCallerCertificates(foreign.resolve("ca"), foreign.resolve("client"), "kube-apiserver");
        HttpClient impostor = webhook.httpClient(Optional.of(foreign.resolve("client")));

        assertThatThrownBy(() -> webhook.post(impostor, "/mutate", forged("foreign-cert")))
                .isInstanceOf(IOException.class);
        assertThat(store.holders().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("nothing reserved")
                .isEmpty();
    }

    @Test
    void aCertificateOfTheCallersCaNamingAnotherClientGets403AndReservesNothing() throws Exception {
        Path other = webhook.dir().resolve("same-ca-other-name");
        webhook.issueFromCallersCa(other, "system:node:intruder");
        HttpResponse<String> response =
                webhook.post(webhook.httpClient(Optional.of(other)), "/mutate", forged("other-name"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("STICKYIP_CLIENT_NAMES");
        assertThat(store.holders().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("nothing reserved")
                .isEmpty();
    }

    @Test
    void theApiServersCertificateIsLetThrough() throws Exception {
        HttpResponse<String> response = webhook.post(webhook.httpClient(), "/mutate", forged("api-server"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Reviews.answer(response.body()).allowed()).isTrue();
        assertThat(store.holders().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasSize(1);
        store.releaseWorkload(
                        new WorkloadRef("default", "pod", "api-server"),
                        store.list()
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS)
                                .getFirst()
                                .workloadRevision())
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void healthReadinessAndMetricsNeedNoCertificate() throws Exception {
        HttpClient anonymous = webhook.httpClient(Optional.empty());
        for (String path : new String[] {"/healthz", "/readyz", "/metrics"}) {
            HttpResponse<String> r = anonymous.send(
                    HttpRequest.newBuilder(webhook.uri(path))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
    }
}
