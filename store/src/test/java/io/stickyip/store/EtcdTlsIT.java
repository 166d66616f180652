package io.stickyip.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.StoreUnavailableException;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.store.config.EtcdTls;
import io.stickyip.testing.etcd.EtcdCertificates;
import io.stickyip.testing.etcd.EtcdClientTls;
import io.stickyip.testing.etcd.EtcdExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * etcd serving TLS and demanding client certificates ({@code --client-cert-auth}), certificates
 * from the certs module: the store works through the client certificate; a client with a certificate
 * of another CA, or with none, gets nothing in and writes nothing. The webhook over TLS: its WebhookEtcdTlsIT.
 */
class EtcdTlsIT {
    private static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.withTls();

    @Test
    void theStoreClaimsAndReadsThroughItsClientCertificate() throws Exception {
        try (EtcdReservationStore store =
                new EtcdReservationStore(storeConfig().withPrefix("/tls-" + UUID.randomUUID() + "/"))) {
            assertThat(store.claim(ClaimRequest.of(DB, 0, "p", List.of("192.0.2.7")))
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ClaimResult.Created.class);
            assertThat(store.holders().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .containsEntry("192.0.2.7", DB);
        }
    }

    @Test
    void aClientCertificateOfAnotherCaIsRefusedAndNothingIsWritten() throws Exception {
        Path dir = Files.createTempDirectory("stickyip-foreign-");
        String prefix = "/tls-" + UUID.randomUUID() + "/";
        EtcdStoreConfig impostor = storeConfig()
                .withPrefix(prefix)
                .withTimeout(Duration.ofSeconds(2))
                .withTls(tls(EtcdCertificates.foreignClient(dir, etcd.tls().orElseThrow())));
        try (EtcdReservationStore store = new EtcdReservationStore(impostor)) {
            assertThat(store.claim(ClaimRequest.of(DB, 0, "p", List.of("192.0.2.8")))
                            .toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(15))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(StoreUnavailableException.class)
                    .withMessageContaining("etcd");
        }
        try (EtcdReservationStore genuine =
                new EtcdReservationStore(storeConfig().withPrefix(prefix))) {
            assertThat(genuine.holders().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .as("nothing written")
                    .isEmpty();
        }
    }

    /** A store configuration that reaches this etcd through its client certificate. */
    private static EtcdStoreConfig storeConfig() {
        return new EtcdStoreConfig(
                List.of(URI.create(etcd.endpoint())),
                EtcdStoreConfig.DEFAULT_PREFIX,
                EtcdStoreConfig.DEFAULT_TIMEOUT,
                Optional.of(tls(etcd.tls().orElseThrow())));
    }

    private static EtcdTls tls(EtcdClientTls files) {
        return new EtcdTls(files.caFile(), files.certFile(), files.keyFile());
    }
}
