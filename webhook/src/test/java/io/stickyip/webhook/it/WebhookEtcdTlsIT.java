package io.stickyip.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.testing.etcd.EtcdClientTls;
import io.stickyip.testing.etcd.EtcdExtension;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook admits through etcd serving TLS and demanding client certificates ({@code --client-cert-auth}),
 * with certificates from the certs module; the store's side of it is the store's EtcdTlsIT.
 */
class WebhookEtcdTlsIT {

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.withTls();

    @Test
    void theWebhookAdmitsThroughEtcdOverTls() {
        EtcdClientTls tls = etcd.tls().orElseThrow();
        try (WebhookFixture webhook = WebhookFixture.start(
                etcd.endpoint(),
                "/tls-" + UUID.randomUUID() + "/",
                Map.of(
                        "STICKYIP_ETCD_CA_FILE", tls.caFile().toString(),
                        "STICKYIP_ETCD_CERT_FILE", tls.certFile().toString(),
                        "STICKYIP_ETCD_KEY_FILE", tls.keyFile().toString()))) {
            Reviews.Answer a = Reviews.answer(
                    webhook.post("/mutate", Reviews.barePod("default", "over-tls", Map.of("stickyip.io/pool", "demo")))
                            .body());

            assertThat(a.allowed()).as(a.message()).isTrue();
            assertThat(a.reservedIp()).startsWith("10.77.0.");
        }
    }
}
