package io.stickyip.core.plumbing;

/** IP version of an address, with what iproute2 and the kernel call it. */
public enum Family {
    V4(32, "-4", "0.0.0.0/0"),
    V6(128, "-6", "::/0");

    private final int hostLength;
    private final String ipFlag;
    private final String anyPrefix;

    Family(int hostLength, String ipFlag, String anyPrefix) {
        this.hostLength = hostLength;
        this.ipFlag = ipFlag;
        this.anyPrefix = anyPrefix;
    }

    /** 32 or 128: the prefix length of a single address. */
    public int hostLength() {
        return hostLength;
    }

    /** {@code -4} or {@code -6}. */
    public String ipFlag() {
        return ipFlag;
    }

    /** The default route's destination, {@code 0.0.0.0/0} or {@code ::/0}. */
    public String anyPrefix() {
        return anyPrefix;
    }
}
