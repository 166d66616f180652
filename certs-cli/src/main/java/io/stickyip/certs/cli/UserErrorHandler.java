package io.stickyip.certs.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.certs.CertsException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a user's error (a {@link CertsException}, or the API server's answer) as one line,
 * without a stack trace, and exits 1. Anything else is a bug: picocli prints its trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parseResult)
            throws Exception {
        if (error instanceof CertsException) {
            command.getErr().println("error: " + error.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        if (error instanceof KubernetesClientException) {
            command.getErr().println("error: kubernetes: " + withCauses(error));
            return CommandLine.ExitCode.SOFTWARE;
        }
        throw error;
    }

    /** The message and its causes' messages, as a client's transport error hides in its cause. */
    private static String withCauses(Throwable error) {
        StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }
}
