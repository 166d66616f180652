package io.stickyip.runtime.kube;

/** One pass of periodic work (blocking; runs on its loop's own thread). */
public interface LoopTask {
    String name();

    void runOnce() throws Exception;
}
