package io.stickyip.aws;

import java.util.Optional;

/**
 * An EC2 call that failed after the SDK's retries, with the call, the AWS error code (if EC2
 * answered) and whether the failure is a conflict with the cloud's state (someone else acted in
 * between, or an earlier attempt already did it): those are answered by reading the state again.
 */
public final class Ec2CallException extends RuntimeException {

    private final String call;
    private final String errorCode;

    public Ec2CallException(String call, String errorCode, String message, Throwable cause) {
        super(call + " failed" + (errorCode == null ? "" : " (" + errorCode + ")") + ": " + message, cause);
        this.call = call;
        this.errorCode = errorCode;
    }

    public String call() {
        return call;
    }

    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /**
     * AWS codes that mean "the state is not what the step assumed": Resource.AlreadyAssociated (someone
     * associated it first), InvalidAssociationID.NotFound (already disassociated),
     * InvalidParameterValue / InvalidIPAddress.InUse (the private address was taken meanwhile).
     */
    public boolean isConflict() {
        return errorCode != null
                && switch (errorCode) {
                    case "Resource.AlreadyAssociated",
                            "InvalidAssociationID.NotFound",
                            "InvalidIPAddress.InUse",
                            "InvalidParameterValue" -> true;
                    default -> false;
                };
    }
}
