package io.stickyip.controller.nodes;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * How a node-address pass runs its blocking steps (aws {@link NodeSteps} and {@link StaticNodeSteps}): one
 * node's failure is logged and left to the next pass, never stopping the others; a store call waits at most
 * the pass's timeout.
 */
final class PassSteps {

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private PassSteps() {}

    static void guarded(Logger log, String what, Step step) {
        try {
            step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("{} failed, the next pass tries again error=\"{}\"", what, e.toString());
        }
    }

    static <T> T await(CompletionStage<T> stage, long timeoutMillis) throws Exception {
        return stage.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
