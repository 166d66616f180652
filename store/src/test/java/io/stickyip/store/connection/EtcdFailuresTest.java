package io.stickyip.store.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.stickyip.core.reservation.StoreUnavailableException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class EtcdFailuresTest {

    private final EtcdFailures failures = new EtcdFailures("http://etcd:2379", Duration.ofSeconds(2));

    @Test
    void aTimeoutMeansEtcdIsUnavailable() {
        RuntimeException translated = failures.translate(
                "claim of deployment shop/web slot 0", new CompletionException(new TimeoutException()));

        assertThat(translated)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage(
                        "etcd is unavailable at http://etcd:2379: claim of deployment shop/web slot 0 failed, no answer within 2000 ms");
        assertThat(EtcdFailures.unreachable(translated.getCause())).isTrue();
    }

    @Test
    void grpcUnavailableMeansEtcdIsUnavailable() {
        RuntimeException translated = failures.translate(
                "listing reservations",
                Status.UNAVAILABLE
                        .withDescription("io exception")
                        .withCause(new ConnectException("refused"))
                        .asRuntimeException());

        assertThat(translated)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage(
                        "etcd is unavailable at http://etcd:2379: listing reservations failed, UNAVAILABLE: io exception");
    }

    @Test
    void aRefusedRequestFailsClosedButSaysSo() {
        RuntimeException translated = failures.translate(
                "listing reservations",
                Status.PERMISSION_DENIED
                        .withDescription("etcdserver: permission denied")
                        .asRuntimeException());

        assertThat(translated)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage(
                        "etcd at http://etcd:2379 refused listing reservations: PERMISSION_DENIED: etcdserver: permission denied");
        assertThat(EtcdFailures.unreachable(translated.getCause())).isFalse();
    }

    @Test
    void ourOwnFailuresPassUnchanged() {
        IllegalStateException corrupt = new IllegalStateException("etcd key x does not hold a slot reservation");

        assertThat(failures.translate("listing reservations", new CompletionException(corrupt)))
                .isSameAs(corrupt);
    }
}
