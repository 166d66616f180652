package io.stickyip.agent.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link CommandRunner} over {@link ProcessBuilder}: output read concurrently, killed at the deadline;
 * runs only the programs of {@link NodePrograms}.
 */
public final class ProcessRunner implements CommandRunner {

    @Override
    public Result run(List<String> argv, String stdin, Duration timeout) {
        NodePrograms.stranger(argv).ifPresent(program -> {
            throw new CommandFailedException(
                    argv,
                    "refused: " + program + " is not one of the programs stickyip runs " + NodePrograms.ALL
                            + " (hack/packages.txt)",
                    "",
                    null);
        });
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new CommandFailedException(argv, "cannot start (" + e.getMessage() + ")", "", e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command may exit without reading its input; its exit code tells
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new CommandFailedException(
                        argv, "did not finish within " + timeout.toMillis() + " ms", tail(err), null);
            }
            return new Result(argv, p.exitValue(), out.get(1, TimeUnit.SECONDS), err.get(1, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException(argv, "interrupted", "", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandFailedException(argv, "output not readable (" + e + ")", "", e);
        }
    }

    private static String tail(CompletableFuture<String> err) {
        return err.getNow("");
    }

    private static String drain(InputStream s) {
        try (s) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
