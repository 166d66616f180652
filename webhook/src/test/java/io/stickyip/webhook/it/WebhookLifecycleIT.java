package io.stickyip.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stickyip.testing.etcd.EtcdExtension;
import io.stickyip.webhook.it.Reviews.Answer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restarts of the webhook and of etcd, and certificate rotation without a restart. */
class WebhookLifecycleIT {
    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.plain(); // a fresh etcd for each test

    WebhookFixture webhook;

    @BeforeEach
    void start() {
        webhook = WebhookFixture.start(etcd.endpoint(), "/life-" + UUID.randomUUID() + "/");
    }

    @AfterEach
    void stop() {
        webhook.close();
    }

    Answer admit(String deployment) {
        return Reviews.answer(webhook.post(
                        "/mutate",
                        Reviews.deploymentPod("default", deployment, Map.of("stickyip.io/pool", "demo"), false))
                .body());
    }

    @Test
    void reservationsSurviveAWebhookRestart() {
        String before = admit("db").reservedIp();
        webhook.restart();
        assertThat(admit("db").reservedIp()).isEqualTo(before);
    }

    @Test
    void failsClosedWhileEtcdIsDownAndRecovers() {
        String before = admit("db").reservedIp();
        etcd.stop();
        Answer down = admit("new-one");
        assertThat(down.allowed()).isFalse();
        assertThat(down.code()).isEqualTo(503);
        assertThat(down.message()).contains("reservation store (etcd) unavailable, nothing was reserved");
        etcd.start();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(admit("db").reservedIp()).isEqualTo(before));
        assertThat(admit("new-one").allowed()).isTrue();
    }

    @Test
    void picksUpARotatedCertificateWithoutARestart() throws Exception {
        HttpClient oldTrust = webhook.httpClient();
        WebhookFixture.issueCertificates(webhook.tlsDir()); // a new CA and serving certificate
        HttpClient newTrust = webhook.httpClient();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(get(newTrust)).isEqualTo("ok"));
        assertThatThrownBy(() -> get(HttpClient.newBuilder()
                        .sslContext(oldTrust.sslContext())
                        .build()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void renewsAServingCertificateDueForRenewalWithoutARestart() throws Exception {
        webhook.close();
        webhook = WebhookFixture.start(
                etcd.endpoint(), "/life-" + UUID.randomUUID() + "/", Map.of("STICKYIP_CERT_ROTATION_INTERVAL", "1s"));
        // issued 50 minutes ago for one hour: 10 minutes left, below a third of its lifetime
        WebhookFixture.issueCertificates(
                webhook.tlsDir(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-50)), Duration.ofHours(1));
        // a new client each time: a pooled connection would keep showing the old session's certificate
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(servedNotAfter(webhook.httpClient()))
                        .isAfter(Instant.now().plus(Duration.ofDays(300))));
    }

    private Instant servedNotAfter(HttpClient client) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(webhook.uri("/healthz"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0])
                .getNotAfter()
                .toInstant();
    }

    private String get(HttpClient client) throws IOException, InterruptedException {
        return client.send(
                        HttpRequest.newBuilder(webhook.uri("/healthz"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
