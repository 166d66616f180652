package io.stickyip.core.admission;

import io.stickyip.core.reservation.StoreUnavailableException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What one step of an admission came to, as a value (like the store's {@code ClaimResult}): done,
 * refused for a reason the user must read (the annotation, the value and the rule), or not possible
 * now because the reservation store is unavailable (nothing was written). Exceptions are left for
 * bugs.
 *
 * @param <T> what the step gives when done
 */
public sealed interface Outcome<T> {

    /** The step did its work. */
    record Done<T>(T value) implements Outcome<T> {
        public Done {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A denial: {@code reason} names annotation, value and rule (shown to the user, code 403). */
    record Refused<T>(String reason) implements Outcome<T> {}

    /** The store could not answer in time; nothing was written (code 503, retry). */
    record Unavailable<T>(String reason) implements Outcome<T> {}

    static <T> Outcome<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Outcome<T> refused(String reason) {
        return new Refused<>(reason);
    }

    static <T> Outcome<T> unavailable(String reason) {
        return new Unavailable<>(reason);
    }

    /**
     * A store call's answer as an outcome: its value, or {@link Unavailable} when the store failed it
     * with {@link StoreUnavailableException} (the store's contract for "could not answer"); any other
     * failure stays a failure (a bug).
     */
    static <T, U> CompletionStage<Outcome<U>> fromStore(
            CompletionStage<T> call, Function<? super T, Outcome<U>> decide) {
        return call.handle((value, error) -> {
            if (error == null) {
                return decide.apply(value);
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof StoreUnavailableException u) {
                return new Unavailable<>(u.getMessage());
            }
            throw error instanceof CompletionException c ? c : new CompletionException(cause);
        });
    }

    /** The next step on this one's value; a refusal or an outage passes through unchanged. */
    default <U> Outcome<U> then(Function<? super T, Outcome<U>> next) {
        return switch (this) {
            case Done<T> d -> next.apply(d.value());
            case Refused<T> r -> new Refused<>(r.reason());
            case Unavailable<T> u -> new Unavailable<>(u.reason());
        };
    }

    /** As {@link #then}, for a next step that answers later. */
    default <U> CompletionStage<Outcome<U>> thenAsync(Function<? super T, ? extends CompletionStage<Outcome<U>>> next) {
        return switch (this) {
            case Done<T> d -> next.apply(d.value());
            case Refused<T> r -> CompletableFuture.completedFuture(new Refused<>(r.reason()));
            case Unavailable<T> u -> CompletableFuture.completedFuture(new Unavailable<>(u.reason()));
        };
    }

    default <U> Outcome<U> map(Function<? super T, U> f) {
        return then(v -> new Done<>(f.apply(v)));
    }

    default boolean isDone() {
        return this instanceof Done<T>;
    }
}
