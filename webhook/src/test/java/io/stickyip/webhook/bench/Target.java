package io.stickyip.webhook.bench;

import java.util.concurrent.CompletionStage;

/** What the closed loop measures: one request at a time per client, answered asynchronously. */
interface Target extends AutoCloseable {

    /** The row name in the report. */
    String name();

    /**
     * Sends request number {@code index} (distinct across a run). Completes with an outcome label
     * ("txn:succeeded", "new:patched", "readmit:patched" …); a label ending in {@link #FAILED} counts as an error.
     */
    CompletionStage<String> send(long index);

    String FAILED = "!";

    @Override
    void close();
}
