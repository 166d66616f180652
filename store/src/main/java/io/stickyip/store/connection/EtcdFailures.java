package io.stickyip.store.connection;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.stickyip.core.reservation.StoreUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns whatever jetcd, gRPC or a timeout threw into the store's contract: a
 * {@link StoreUnavailableException} saying etcd is unavailable and where, so the webhook can deny
 * with a message an operator acts on. Our own exceptions (bad input, corrupt data) pass unchanged.
 */
public final class EtcdFailures {

    private final String endpoints;
    private final Duration timeout;

    public EtcdFailures(String endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
    }

    public RuntimeException translate(String what, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StoreUnavailableException
                || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof TimeoutException) {
            return unavailable(what, "no answer within " + timeout.toMillis() + " ms", cause);
        }
        if (unreachable(cause)) {
            return unavailable(what, code(cause) + ": " + describe(cause), cause);
        }
        return new StoreUnavailableException(
                "etcd at " + endpoints + " refused " + what + ": " + code(cause) + ": " + describe(cause), cause);
    }

    /** Whether the failure says etcd could not be reached in time (rather than refusing the request). */
    public static boolean unreachable(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException) {
            return true;
        }
        String code = code(cause);
        return code.equals("UNAVAILABLE")
                || code.equals("DEADLINE_EXCEEDED")
                || code.equals("CANCELLED")
                || root(cause) instanceof IOException;
    }

    /** Whether a read at a fixed revision was refused because etcd compacted that revision away. */
    public static boolean compacted(Throwable failure) {
        Throwable cause = unwrap(failure);
        String description = describe(cause);
        return description.contains("required revision has been compacted");
    }

    StoreUnavailableException unavailable(String what, String reason, Throwable cause) {
        return new StoreUnavailableException(
                "etcd is unavailable at " + endpoints + ": " + what + " failed, " + reason, cause);
    }

    private static String code(Throwable cause) {
        if (cause instanceof EtcdException etcd) {
            return etcd.getErrorCode().name();
        }
        return Status.fromThrowable(cause).getCode().name();
    }

    private static String describe(Throwable cause) {
        String description = cause instanceof EtcdException
                ? cause.getMessage()
                : Status.fromThrowable(cause).getDescription();
        if (description == null || description.isBlank()) {
            Throwable root = root(cause);
            description = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
        }
        return description;
    }

    private static Throwable root(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
