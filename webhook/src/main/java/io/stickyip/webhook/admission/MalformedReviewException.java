package io.stickyip.webhook.admission;

/** The request body is not a usable AdmissionReview v1: answered with HTTP 400, never a 500. */
public class MalformedReviewException extends Exception {
    public MalformedReviewException(String message) {
        super(message);
    }
}
