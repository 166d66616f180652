package io.stickyip.aws;

import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.EniView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.NetworkInterfacePrivateIpAddress;
import software.amazon.awssdk.services.ec2.model.Tag;

/** {@link Ec2Gateway} over the AWS SDK v2 {@link Ec2Client} (a thin mapping; no decisions here). */
public final class SdkEc2Gateway implements Ec2Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(SdkEc2Gateway.class);
    private static final int IDS_PER_CALL = 100;

    private final Ec2Client ec2;
    private final MutationLimiter limiter;

    public SdkEc2Gateway(Ec2Client ec2, MutationLimiter limiter) {
        this.ec2 = ec2;
        this.limiter = limiter;
    }

    @Override
    public List<ElasticIp> addresses(AddressFilter filter) {
        List<Filter> filters = filter.terms().stream()
                .map(t -> Filter.builder().name(t.name()).values(t.values()).build())
                .toList();
        return call("DescribeAddresses", () -> ec2.describeAddresses(r -> r.filters(filters))).addresses().stream()
                .map(SdkEc2Gateway::elasticIp)
                .toList();
    }

    @Override
    public Optional<ElasticIp> address(String allocationId) {
        return addresses(Set.of(allocationId)).stream().findFirst();
    }

    @Override
    public List<ElasticIp> addresses(Set<String> allocationIds) {
        // by filter, not AllocationIds: an unknown ID is then absent instead of failing the whole call;
        // in batches, as EC2 bounds the values of one filter
        List<String> ids = allocationIds.stream().sorted().toList();
        List<ElasticIp> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_CALL) {
            Filter byId = Filter.builder()
                    .name("allocation-id")
                    .values(ids.subList(from, Math.min(ids.size(), from + IDS_PER_CALL)))
                    .build();
            call("DescribeAddresses", () -> ec2.describeAddresses(r -> r.filters(byId)))
                    .addresses()
                    .forEach(a -> out.add(elasticIp(a)));
        }
        return out;
    }

    @Override
    public Optional<EniView> networkInterface(String eniId) {
        Filter byId =
                Filter.builder().name("network-interface-id").values(eniId).build();
        return call("DescribeNetworkInterfaces", () -> ec2.describeNetworkInterfaces(r -> r.filters(byId)))
                .networkInterfaces()
                .stream()
                .findFirst()
                .map(SdkEc2Gateway::eni);
    }

    @Override
    public List<EniView> subnetInterfaces(String subnetId) {
        Filter bySubnet = Filter.builder().name("subnet-id").values(subnetId).build();
        return call(
                "DescribeNetworkInterfaces",
                () -> ec2.describeNetworkInterfacesPaginator(r -> r.filters(bySubnet)).networkInterfaces().stream()
                        .map(SdkEc2Gateway::eni)
                        .toList());
    }

    @Override
    public String subnetCidr(String subnetId) {
        return call("DescribeSubnets", () -> ec2.describeSubnets(r -> r.subnetIds(subnetId))).subnets().stream()
                .findFirst()
                .orElseThrow(() -> new Ec2CallException("DescribeSubnets", null, "no subnet " + subnetId, null))
                .cidrBlock();
    }

    @Override
    public InstanceView instance(String instanceId) {
        Instance instance = call("DescribeInstances", () -> ec2.describeInstances(r -> r.instanceIds(instanceId)))
                .reservations()
                .stream()
                .flatMap(r -> r.instances().stream())
                .findFirst()
                .orElseThrow(() -> new Ec2CallException("DescribeInstances", null, "no instance " + instanceId, null));
        InstanceNetworkInterface primary = instance.networkInterfaces().stream()
                .filter(n -> n.attachment() != null
                        && Integer.valueOf(0).equals(n.attachment().deviceIndex()))
                .findFirst()
                .orElseThrow(() -> new Ec2CallException(
                        "DescribeInstances",
                        null,
                        "instance " + instanceId + " has no network interface at device index 0",
                        null));
        Set<String> ips = primary.privateIpAddresses().stream()
                .map(p -> p.privateIpAddress())
                .collect(Collectors.toSet());
        return new InstanceView(
                instanceId,
                instance.instanceTypeAsString(),
                new EniView(primary.networkInterfaceId(), primary.subnetId(), primary.privateIpAddress(), ips));
    }

    @Override
    public int ipv4AddressesPerInterface(String instanceType) {
        return call(
                        "DescribeInstanceTypes",
                        () -> ec2.describeInstanceTypes(r -> r.instanceTypes(InstanceType.fromValue(instanceType))))
                .instanceTypes()
                .stream()
                .findFirst()
                .map(t -> t.networkInfo().ipv4AddressesPerInterface())
                .orElseThrow(() ->
                        new Ec2CallException("DescribeInstanceTypes", null, "no instance type " + instanceType, null));
    }

    @Override
    public void apply(CloudStep step) {
        String name = name(step);
        try {
            if (!limiter.acquire()) {
                throw new Ec2CallException(name, null, "no permit from the mutation rate limiter in time", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Ec2CallException(name, null, "interrupted while waiting for the mutation rate limiter", e);
        }
        LOG.info("ec2 {} {}", name, step);
        call(name, () -> switch (step) {
            case CloudStep.Tag t ->
                ec2.createTags(r -> r.resources(t.allocationId()).tags(tags(t.tags())));
            case CloudStep.Untag u ->
                ec2.deleteTags(r -> r.resources(u.allocationId())
                        .tags(u.keys().stream()
                                .map(k -> Tag.builder().key(k).build())
                                .toList()));
            case CloudStep.Associate a ->
                ec2.associateAddress(r -> r.allocationId(a.allocationId())
                        .networkInterfaceId(a.binding().networkInterfaceId())
                        .privateIpAddress(a.binding().privateIp())
                        .allowReassociation(false));
            case CloudStep.Disassociate d -> ec2.disassociateAddress(r -> r.associationId(d.associationId()));
            case CloudStep.AssignPrivateIp p ->
                ec2.assignPrivateIpAddresses(
                        r -> r.networkInterfaceId(p.networkInterfaceId()).privateIpAddresses(p.privateIp()));
            case CloudStep.UnassignPrivateIp p ->
                ec2.unassignPrivateIpAddresses(
                        r -> r.networkInterfaceId(p.networkInterfaceId()).privateIpAddresses(p.privateIp()));
            case CloudStep.Done d -> throw new IllegalArgumentException("not a call: " + d);
            case CloudStep.Released r -> throw new IllegalArgumentException("not a call: " + r);
            case CloudStep.Refused r -> throw new IllegalArgumentException("not a call: " + r);
        });
    }

    /** The EC2 action a step performs (also the IAM action, with the ec2: prefix). */
    public static String name(CloudStep step) {
        return switch (step) {
            case CloudStep.Tag t -> "CreateTags";
            case CloudStep.Untag u -> "DeleteTags";
            case CloudStep.Associate a -> "AssociateAddress";
            case CloudStep.Disassociate d -> "DisassociateAddress";
            case CloudStep.AssignPrivateIp p -> "AssignPrivateIpAddresses";
            case CloudStep.UnassignPrivateIp p -> "UnassignPrivateIpAddresses";
            case CloudStep.Done d -> "none";
            case CloudStep.Released r -> "none";
            case CloudStep.Refused r -> "none";
        };
    }

    private static <T> T call(String name, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null
                    ? e.getMessage()
                    : e.awsErrorDetails().errorMessage();
            throw new Ec2CallException(name, code, message, e);
        } catch (SdkException e) {
            throw new Ec2CallException(name, null, e.getMessage(), e);
        }
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static ElasticIp elasticIp(Address a) {
        Map<String, String> tags = new LinkedHashMap<>();
        a.tags().forEach(t -> tags.put(t.key(), t.value()));
        ElasticIp.Association association = blank(a.associationId())
                ? null
                : new ElasticIp.Association(
                        a.associationId(),
                        emptyToNull(a.networkInterfaceId()),
                        emptyToNull(a.privateIpAddress()),
                        emptyToNull(a.instanceId()),
                        emptyToNull(a.networkInterfaceOwnerId()));
        return new ElasticIp(a.allocationId(), a.publicIp(), a.domainAsString(), a.publicIpv4Pool(), association, tags);
    }

    static EniView eni(NetworkInterface n) {
        Set<String> ips = n.privateIpAddresses().stream()
                .map(NetworkInterfacePrivateIpAddress::privateIpAddress)
                .collect(Collectors.toSet());
        return new EniView(n.networkInterfaceId(), n.subnetId(), n.privateIpAddress(), ips);
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static String emptyToNull(String s) {
        return blank(s) ? null : s;
    }
}
