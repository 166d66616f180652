package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ReservationSeal;
import io.stickyip.core.contract.SealKeys;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * At pod CREATE: what the pod carries of stickyip's own ({@link Annotations#WRITTEN}, the managed label), and
 * whether this webhook wrote it in this very admission. The API server gives every call of a webhook its own
 * review uid, a reinvocation ({@code reinvocationPolicy: IfNeeded}) too, so the webhook's own output comes
 * back sealed with the uid of the call that wrote it; what tells it from a tenant's copy of a sealed pod of
 * its namespace is that no pod carries that admission's claim yet. Anything else that carries a written key
 * is refused, naming the key.
 */
final class WrittenKeyCheck {
    static final String ALONE = " is written by stickyip alone; remove it from the pod or its template";

    private WrittenKeyCheck() {}

    /** The check's answer. */
    sealed interface Verdict {
        /** The pod carries nothing of stickyip's: a fresh admission under the review's uid. */
        record Unreviewed() implements Verdict {}

        /** The webhook's own output (a reinvocation, or a retried call): admit again as that admission, idempotently. */
        record OwnOutput(String admissionUid) implements Verdict {}

        /** Written keys stickyip did not write for this admission: the denial's message. */
        record Forged(String message) implements Verdict {}
    }

    /**
     * @param reviewUid     this call's uid
     * @param trusted       the webhook's own public key
     * @param claimedByAPod whether a pod carrying an admission's claim token exists or existed (that admission is over)
     */
    static Verdict judge(
            Pod pod, String namespace, String reviewUid, SealKeys trusted, Predicate<String> claimedByAPod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        List<String> carried =
                ReservationSeal.writtenKeysOn(annotations, pod.getMetadata().getLabels());
        if (carried.isEmpty()) {
            return new Verdict.Unreviewed();
        }
        String first = carried.getFirst();
        ReservationSeal.Verdict seal = ReservationSeal.verify(trusted, namespace, annotations);
        if (seal instanceof ReservationSeal.Verdict.Invalid(String reason)) {
            return new Verdict.Forged(first + ALONE + " (" + reason + ")");
        }
        String uid = ((ReservationSeal.Verdict.Valid) seal).admissionUid();
        if (!Annotations.requestsFixedAddress(annotations)) {
            return new Verdict.Forged(first + ALONE + " (the pod asks for no address: " + Annotations.POOL + ", "
                    + Annotations.IP + " or " + Annotations.KUBE_IPAM_IP + ")");
        }
        if (!uid.equals(reviewUid) && claimedByAPod.test(uid)) {
            return new Verdict.Forged(first + ALONE + " (its " + Annotations.SEAL + " was issued to another pod)");
        }
        return new Verdict.OwnOutput(uid);
    }
}
