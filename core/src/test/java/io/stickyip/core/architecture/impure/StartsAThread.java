package io.stickyip.core.architecture.impure;

/** Breaks the purity rule: starts a thread. */
public final class StartsAThread {
    public void later(Runnable work) {
        new Thread(work).start();
    }
}
