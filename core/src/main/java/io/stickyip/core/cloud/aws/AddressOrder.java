package io.stickyip.core.cloud.aws;

import io.stickyip.core.contract.ContractViolation;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The order in which a pool's free Elastic IPs are handed out: KubeIP's {@code ORDER_BY}, same
 * keys, same comparison, plus what KubeIP leaves to chance.
 *
 * <p>KubeIP ({@code internal/address/aws.go}, {@code sortAddressesByField}) sorts ascending by
 * the string value of one field: {@code AllocationId}, {@code AssociationId}, {@code Domain},
 * {@code InstanceId}, {@code NetworkInterfaceId}, {@code NetworkInterfaceOwnerId},
 * {@code PrivateIpAddress}, {@code PublicIp}, {@code PublicIpv4Pool}, or {@code Tag:KEY} (the value
 * of tag KEY). Strings, not numbers: {@code 203.0.113.10} sorts before {@code 203.0.113.9}, as in
 * KubeIP, so a migrated pool hands out the same addresses first. Without ORDER_BY KubeIP takes the
 * API's order, and it sorts with Go's unstable {@code sort.Slice}; an unknown key is ignored.
 *
 * <p>Here: an address without the value (no such tag; the association fields, which are empty on
 * every free address) sorts after those with it; ties and the no-order case fall back to the
 * allocation ID, so the same pool always gives the same sequence; an unknown key is refused.
 * ({@code DEFAULT} orders as {@link io.stickyip.core.provider.NodeCandidate#BY_ID} does.)
 */
public record AddressOrder(String key, Comparator<ElasticIp> comparator) implements Comparator<ElasticIp> {

    public static final List<String> FIELDS = List.of(
            "AllocationId",
            "AssociationId",
            "Domain",
            "InstanceId",
            "NetworkInterfaceId",
            "NetworkInterfaceOwnerId",
            "PrivateIpAddress",
            "PublicIp",
            "PublicIpv4Pool");
    private static final String TAG = "Tag:";
    private static final Comparator<ElasticIp> TIE = Comparator.comparing(ElasticIp::allocationId);

    public static final AddressOrder DEFAULT = new AddressOrder("", TIE);

    public static AddressOrder parse(String field, String orderBy) throws ContractViolation {
        if (orderBy == null || orderBy.isBlank()) {
            return DEFAULT;
        }
        String key = orderBy.strip();
        if (key.startsWith(TAG)) {
            String tag = key.substring(TAG.length());
            if (tag.isEmpty()) {
                throw new ContractViolation(field, key, "names no tag key (Tag:KEY)");
            }
            return by(key, eip -> eip.tags().get(tag));
        }
        Function<ElasticIp, String> value = switch (key) {
            case "AllocationId" -> ElasticIp::allocationId;
            case "PublicIp" -> ElasticIp::publicIp;
            case "Domain" -> ElasticIp::domain;
            case "PublicIpv4Pool" -> ElasticIp::publicIpv4Pool;
            case "AssociationId" -> eip -> eip.associated() ? eip.association().associationId() : null;
            case "InstanceId" -> eip -> eip.associated() ? eip.association().instanceId() : null;
            case "NetworkInterfaceId" ->
                eip -> eip.associated() ? eip.association().networkInterfaceId() : null;
            case "NetworkInterfaceOwnerId" ->
                eip -> eip.associated() ? eip.association().networkInterfaceOwnerId() : null;
            case "PrivateIpAddress" ->
                eip -> eip.associated() ? eip.association().privateIp() : null;
            default ->
                throw new ContractViolation(
                        field, key, "is not an order KubeIP knows; use Tag:KEY or one of " + String.join(", ", FIELDS));
        };
        return by(key, value);
    }

    private static AddressOrder by(String key, Function<ElasticIp, String> value) {
        Comparator<ElasticIp> byValue = Comparator.comparing(value, Comparator.nullsLast(Comparator.naturalOrder()));
        return new AddressOrder(key, byValue.thenComparing(TIE));
    }

    /** The pool's order, as the node planner ({@code io.stickyip.core.node.NodeAddressPlanner}) takes it. */
    @Override
    public int compare(ElasticIp a, ElasticIp b) {
        return comparator.compare(a, b);
    }

    public List<ElasticIp> sort(List<ElasticIp> addresses) {
        return addresses.stream().sorted(comparator).toList();
    }

    @Override
    public String toString() {
        return key.isEmpty() ? "AllocationId (default)" : key;
    }
}
