package io.stickyip.webhook.gc;

/** Work only the leader does, one pass at a time (blocking; runs on the leader's own thread). */
public interface LeaderTask {
    String name();

    void runOnce() throws Exception;
}
