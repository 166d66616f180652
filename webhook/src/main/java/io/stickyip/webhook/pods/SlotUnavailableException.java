package io.stickyip.webhook.pods;

/** No slot can be given to the pod: its fixed slot, or every slot below the bound, is held by a live pod. Shown as a denial. */
public final class SlotUnavailableException extends RuntimeException {
    public SlotUnavailableException(String message) {
        super(message);
    }
}
