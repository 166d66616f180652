package io.stickyip.core.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.core.reservation.StoreUnavailableException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void aDoneStepGoesOnToTheNext() {
        assertThat(Outcome.done(2).then(n -> Outcome.done(n * 10))).isEqualTo(Outcome.done(20));
        assertThat(Outcome.done(2).map(n -> "slot " + n)).isEqualTo(Outcome.done("slot 2"));
        assertThat(Outcome.done(2).then(n -> Outcome.<String>refused("no"))).isEqualTo(Outcome.refused("no"));
        assertThat(Outcome.done(2)
                        .thenAsync(n -> CompletableFuture.completedFuture(Outcome.done(n + 1)))
                        .toCompletableFuture()
                        .join())
                .isEqualTo(Outcome.done(3));
    }

    @Test
    void aStoreOutageIsAValueAndABugStaysAFailure() {
        var down = Outcome.fromStore(
                CompletableFuture.<Integer>failedFuture(
                        new StoreUnavailableException("etcd is unavailable at http://etcd:2379", null)),
                Outcome::done);
        var bug = Outcome.fromStore(
                CompletableFuture.<Integer>failedFuture(new IllegalStateException("corrupt key")), Outcome::done);
        var fine = Outcome.fromStore(CompletableFuture.completedFuture(7), n -> Outcome.done(n + 1));

        assertThat(down.toCompletableFuture().join())
                .isEqualTo(Outcome.unavailable("etcd is unavailable at http://etcd:2379"));
        assertThat(fine.toCompletableFuture().join()).isEqualTo(Outcome.done(8));
        assertThat(bug.toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> bug.toCompletableFuture().join()).hasRootCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRefusalOrAnOutagePassesThroughWithoutRunningTheNextStep() {
        Outcome<Integer> refused = Outcome.refused("10.0.0.1 is reserved by deployment shop/db");
        Outcome<Integer> down = Outcome.unavailable("etcd is unavailable");

        assertThat(refused.<String>then(n -> {
                    throw new AssertionError("must not run");
                }))
                .isEqualTo(Outcome.refused("10.0.0.1 is reserved by deployment shop/db"));
        assertThat(down.<String>thenAsync(n -> {
                            throw new AssertionError("must not run");
                        })
                        .toCompletableFuture()
                        .join())
                .isEqualTo(Outcome.unavailable("etcd is unavailable"));
        assertThat(refused.isDone()).isFalse();
        assertThat(Outcome.done(1).isDone()).isTrue();
    }
}
