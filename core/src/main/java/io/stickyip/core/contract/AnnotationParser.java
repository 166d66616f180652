package io.stickyip.core.contract;

import static io.stickyip.core.contract.Annotations.ADDRESSES_PER_POD;
import static io.stickyip.core.contract.Annotations.IP;
import static io.stickyip.core.contract.Annotations.KUBE_IPAM_GATEWAY;
import static io.stickyip.core.contract.Annotations.KUBE_IPAM_IP;
import static io.stickyip.core.contract.Annotations.KUBE_IPAM_NETMASK;
import static io.stickyip.core.contract.Annotations.POOL;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a pod's annotations into an {@link AddressRequest}, or every {@link FieldError} they hold ({@link Checked}). */
public final class AnnotationParser {

    /** Upper bound for {@code stickyip.io/addresses-per-pod}: a hosting pod has a few, not hundreds. */
    public static final int MAX_ADDRESSES_PER_POD = 16;
    /** Upper bound on an explicit list: larger sets belong in a pool. */
    public static final int MAX_EXPLICIT_ADDRESSES = 256;

    private static final Pattern POOL_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private AnnotationParser() {}

    /** The request, or the first broken rule thrown, its message naming every rule broken. */
    public static AddressRequest parse(Map<String, String> annotations) throws ContractViolation {
        return check(annotations).orThrow();
    }

    /** The request, or every rule the annotations break (each annotation is checked on its own), in annotation order. */
    public static Checked<AddressRequest> check(Map<String, String> annotations) {
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        Checked.Errors errors = new Checked.Errors();
        List<String> pools = errors.take(() -> parsePools(a.get(POOL)), List.of());
        List<IPAddress> ip = a.containsKey(IP) ? errors.take(() -> parseAddressList(IP, a.get(IP)), null) : List.of();
        List<IPAddress> ipam = a.containsKey(KUBE_IPAM_IP)
                ? errors.take(() -> parseAddressList(KUBE_IPAM_IP, a.get(KUBE_IPAM_IP)), null)
                : List.of();
        boolean listsRead = ip != null && ipam != null;
        if (listsRead && !ip.isEmpty() && !ipam.isEmpty() && !ip.equals(ipam)) {
            errors.add(FieldError.of(new ContractViolation(
                    KUBE_IPAM_IP,
                    a.get(KUBE_IPAM_IP),
                    "differs from " + IP + " " + a.get(IP) + ": give the addresses once")));
        }
        List<IPAddress> explicit = ip != null && !ip.isEmpty() ? ip : ipam != null ? ipam : List.of();
        String source = ip != null && !ip.isEmpty() ? IP : ipam != null && !ipam.isEmpty() ? KUBE_IPAM_IP : IP;
        if (!errors.any() && pools.isEmpty() && explicit.isEmpty()) {
            errors.add(FieldError.of(
                    new ContractViolation(POOL, "(none)", "is missing: name a pool or list addresses in " + IP)));
        }
        OptionalInt perPod = errors.take(() -> parsePerPod(a.get(ADDRESSES_PER_POD)), OptionalInt.empty());
        OptionalInt prefix = errors.take(() -> parseNetmask(a.get(KUBE_IPAM_NETMASK), explicit), OptionalInt.empty());
        Optional<IPAddress> gateway = errors.take(() -> parseGateway(a.get(KUBE_IPAM_GATEWAY)), Optional.empty());
        if (listsRead && gateway.isPresent() && prefix.isPresent()) {
            errors.take(
                    () -> {
                        checkGateway(gateway.get(), explicit, prefix.getAsInt());
                        return null;
                    },
                    null);
        }
        return errors.result(() -> new AddressRequest(pools, explicit, source, perPod, prefix, gateway));
    }

    static List<String> parsePools(String value) throws ContractViolation {
        if (value == null) {
            return List.of();
        }
        List<String> pools = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String name = part.trim();
            if (!POOL_NAME.matcher(name).matches()) {
                throw new ContractViolation(
                        POOL, value, "is not a list of pool names (lower-case DNS names, comma-separated)");
            }
            if (pools.contains(name)) {
                throw new ContractViolation(POOL, value, "names pool " + name + " twice");
            }
            pools.add(name);
        }
        return pools;
    }

    static List<IPAddress> parseAddressList(String annotation, String value) throws ContractViolation {
        if (value == null || value.isBlank()) {
            throw new ContractViolation(annotation, String.valueOf(value), "is empty: list one or more IP addresses");
        }
        String[] parts = value.split(",", -1);
        if (parts.length > MAX_EXPLICIT_ADDRESSES) {
            throw new ContractViolation(
                    annotation,
                    parts.length + " addresses",
                    "is too many: at most " + MAX_EXPLICIT_ADDRESSES + "; use a pool");
        }
        List<IPAddress> out = new ArrayList<>(parts.length);
        Set<IPAddress> seen = new HashSet<>();
        for (String part : parts) {
            IPAddress address = Addresses.parse(part)
                    .orElseThrow(() -> new ContractViolation(annotation, part.trim(), "is not an IP address"));
            if (!seen.add(address)) {
                throw new ContractViolation(annotation, part.trim(), "is listed twice");
            }
            if (address.isMulticast() || address.isLoopback() || address.isUnspecified()) {
                throw new ContractViolation(annotation, part.trim(), "is not a unicast host address");
            }
            out.add(address);
        }
        return out;
    }

    static OptionalInt parsePerPod(String value) throws ContractViolation {
        if (value == null) {
            return OptionalInt.empty();
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ContractViolation(ADDRESSES_PER_POD, value, "is not a whole number");
        }
        if (n < 1 || n > MAX_ADDRESSES_PER_POD) {
            throw new ContractViolation(ADDRESSES_PER_POD, value, "must be between 1 and " + MAX_ADDRESSES_PER_POD);
        }
        return OptionalInt.of(n);
    }

    static OptionalInt parseNetmask(String value, List<IPAddress> explicit) throws ContractViolation {
        if (value == null) {
            return OptionalInt.empty();
        }
        String v = value.trim();
        int bits = explicit.isEmpty() || explicit.getFirst().isIPv4() ? 32 : 128;
        if (v.matches("\\d{1,3}")) {
            int n = Integer.parseInt(v);
            if (n < 1 || n > bits) {
                throw new ContractViolation(KUBE_IPAM_NETMASK, value, "must be a prefix length between 1 and " + bits);
            }
            return OptionalInt.of(n);
        }
        Optional<IPAddress> mask = Addresses.parse(v);
        if (mask.isEmpty() || !mask.get().isIPv4()) {
            throw new ContractViolation(KUBE_IPAM_NETMASK, value, "is neither a prefix length nor a dotted netmask");
        }
        Integer prefix = mask.get().getBlockMaskPrefixLength(true);
        if (prefix == null || prefix == 0) {
            throw new ContractViolation(KUBE_IPAM_NETMASK, value, "is not a contiguous netmask");
        }
        return OptionalInt.of(prefix);
    }

    /**
     * {@code kube-ipam.gateway} with the prefix of {@code kube-ipam.netmask}: inside the prefix of
     * every listed address of its family, and none of them. (Without a netmask the prefix is the
     * pool's, and the slot planner checks it.)
     */
    public static void checkGateway(IPAddress gateway, List<IPAddress> addresses, int prefixLength)
            throws ContractViolation {
        List<IPAddress> served =
                addresses.stream().filter(a -> a.isIPv4() == gateway.isIPv4()).toList();
        if (served.isEmpty() && !addresses.isEmpty()) {
            throw new ContractViolation(
                    KUBE_IPAM_GATEWAY,
                    Addresses.canonical(gateway),
                    "is " + NextHops.family(gateway) + " but the pod has no " + NextHops.family(gateway) + " address");
        }
        int bits = gateway.isIPv4() ? 32 : 128;
        for (IPAddress address : served) {
            NextHops.check(KUBE_IPAM_GATEWAY, gateway, address, Math.min(prefixLength, bits));
        }
    }

    static Optional<IPAddress> parseGateway(String value) throws ContractViolation {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(Addresses.parse(value)
                .orElseThrow(() -> new ContractViolation(KUBE_IPAM_GATEWAY, value, "is not an IP address")));
    }
}
