package io.stickyip.core.reservation;

import java.time.Instant;
import java.util.Objects;

/**
 * Who occupies a slot of a workload: the pod admitted into it. At admission the pod has no UID
 * yet (the API server assigns it after mutating admission), so an occupant starts <em>pending</em>,
 * known by its claim token (the admission's uid, written onto the pod as annotation
 * {@code stickyip.io/claim}), and is <em>bound</em> to the pod's UID once the pod is seen.
 *
 * @param token   the claim token: the uid of the admission that took the slot
 * @param podName the pod's name if known ({@code ""} for a generateName pod not seen yet)
 * @param podUid  the pod's UID once seen, {@code ""} while pending
 * @param since   when the slot was taken (the webhook's clock)
 */
public record Occupant(String token, String podName, String podUid, Instant since) {
    public Occupant {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(podUid, "podUid");
        Objects.requireNonNull(since, "since");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("an occupant needs a claim token");
        }
    }

    public static Occupant pending(String token, String podName, Instant since) {
        return new Occupant(token, podName, "", since);
    }

    /** True while the pod has not been seen (no UID known). */
    public boolean pending() {
        return podUid.isEmpty();
    }

    public Occupant boundTo(String name, String uid) {
        return new Occupant(token, name, uid, since);
    }

    /** For messages: {@code pod web-0 (uid …)} or {@code the pod of admission …}. */
    public String describe() {
        if (!pending()) {
            return "pod " + podName + " (uid " + podUid + ")";
        }
        return podName.isEmpty() ? "the pod of admission " + token : "pod " + podName + " (admission " + token + ")";
    }
}
