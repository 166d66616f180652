package io.stickyip.core.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A value checked against the contract: {@link Valid}, or {@link Invalid} with every rule it
 * breaks (not only the first), each naming field, value and rule. A denial joins them with
 * {@code "; "} ({@link Invalid#message}).
 */
public sealed interface Checked<T> {

    record Valid<T>(T value) implements Checked<T> {}

    record Invalid<T>(List<FieldError> errors) implements Checked<T> {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an invalid value names at least one broken rule");
            }
        }

        /** Every error's sentence, in the order found, joined with {@code "; "}. */
        public String message() {
            return errors.stream().map(FieldError::message).collect(Collectors.joining("; "));
        }

        <R> Invalid<R> cast() {
            return new Invalid<>(errors);
        }
    }

    /** What may break one rule: the older checks throw their first violation. */
    @FunctionalInterface
    interface Check<T> {
        T get() throws ContractViolation;
    }

    static <T> Checked<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Checked<T> invalid(List<FieldError> errors) {
        return new Invalid<>(errors);
    }

    /** Runs a check that throws its (first) violation. */
    static <T> Checked<T> of(Check<T> check) {
        try {
            return valid(check.get());
        } catch (ContractViolation v) {
            return invalid(List.of(FieldError.of(v)));
        }
    }

    default <R> Checked<R> map(Function<? super T, ? extends R> f) {
        return switch (this) {
            case Valid<T> v -> valid(f.apply(v.value()));
            case Invalid<T> i -> i.cast();
        };
    }

    default <R> Checked<R> flatMap(Function<? super T, Checked<R>> f) {
        return switch (this) {
            case Valid<T> v -> f.apply(v.value());
            case Invalid<T> i -> i.cast();
        };
    }

    /** The errors, none when valid. */
    default List<FieldError> errors() {
        return this instanceof Invalid<T> i ? i.errors() : List.of();
    }

    /** The value, or the first error thrown, its message naming them all (for the callers that still throw). */
    default T orThrow() throws ContractViolation {
        return switch (this) {
            case Valid<T> v -> v.value();
            case Invalid<T> i -> {
                FieldError first = i.errors().getFirst();
                throw new ContractViolation(first.field(), first.value(), first.rule(), i.message());
            }
        };
    }

    /** The value, or the first error thrown with its own message (for the callers that stop at the first). */
    default T orThrowFirst() throws ContractViolation {
        return switch (this) {
            case Valid<T> v -> v.value();
            case Invalid<T> i -> throw i.errors().getFirst().violation();
        };
    }

    /** Errors gathered across independent checks, in the order found. */
    final class Errors {
        private final List<FieldError> found = new ArrayList<>();

        /** The check's value, or {@code fallback} with its error kept. */
        public <T> T take(Checked<T> checked, T fallback) {
            return switch (checked) {
                case Valid<T> v -> v.value();
                case Invalid<T> i -> {
                    found.addAll(i.errors());
                    yield fallback;
                }
            };
        }

        /** The check's value, or {@code fallback} with its violation kept. */
        public <T> T take(Check<T> check, T fallback) {
            return take(Checked.of(check), fallback);
        }

        public void add(FieldError error) {
            found.add(error);
        }

        public boolean any() {
            return !found.isEmpty();
        }

        /** The value {@code made} when nothing was found (made only then), else every error found. */
        public <T> Checked<T> result(Supplier<T> made) {
            return found.isEmpty() ? valid(made.get()) : invalid(found);
        }
    }
}
