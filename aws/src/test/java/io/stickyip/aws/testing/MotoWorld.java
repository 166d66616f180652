package io.stickyip.aws.testing;

import io.stickyip.aws.AwsCloud;
import io.stickyip.aws.AwsConfig;
import io.stickyip.aws.StepRunner;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * A VPC, a subnet and instances in moto, made with a plain SDK client (the arrangement, not the code
 * under test), and the {@link AwsCloud} under test pointed at the same moto. The code under test gets
 * its dummy credentials from the SDK's default chain (system properties set by failsafe), as it
 * would get real ones on a node.
 */
public final class MotoWorld implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String CLUSTER = "it-cluster";
    static final String AMI = "ami-12c6146b";

    public final Ec2Client admin;
    public final String vpcId;
    public final String subnetId;
    private final MotoServer moto;

    public MotoWorld(MotoServer moto) {
        this.moto = moto;
        this.admin = Ec2Client.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
        this.vpcId = admin.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
        this.subnetId = admin.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.20.1.0/24"))
                .subnet()
                .subnetId();
    }

    public AwsConfig config() {
        return config(moto.endpoint(), Map.of());
    }

    /** {@link #config()} with another endpoint (a {@link FaultyEc2} in front of moto) and these settings on top. */
    public AwsConfig config(URI endpoint, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of(
                AwsConfig.REGION,
                REGION,
                AwsConfig.ENDPOINT,
                endpoint.toString(),
                AwsConfig.MUTATIONS_PER_SECOND,
                "50",
                // moto records an association with the ENI's primary address whatever PrivateIpAddress says
                AwsConfig.VERIFY_PRIVATE_IP,
                "false"));
        env.putAll(settings);
        return AwsConfig.fromMap(env);
    }

    /** moto itself, not a proxy in front of it. */
    public URI endpoint() {
        return moto.endpoint();
    }

    public AwsCloud cloud() {
        return AwsCloud.create(config());
    }

    public AwsCloud cloud(StepRunner.StepGate gate) {
        return AwsCloud.create(config(), gate);
    }

    public List<String> instances(int n) {
        // one of moto's built-in AMIs, by ID: listing all of them (~1300) takes moto 7 s
        String ami = admin.describeImages(r -> r.imageIds(AMI)).images().get(0).imageId();
        return admin
                .runInstances(r -> r.imageId(ami)
                        .minCount(n)
                        .maxCount(n)
                        .instanceType(InstanceType.M5_LARGE)
                        .subnetId(subnetId))
                .instances()
                .stream()
                .map(i -> i.instanceId())
                .toList();
    }

    /** An EIP with these tags; returns its allocation ID. */
    public String eip(Map<String, String> tags) {
        List<Tag> t = tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        return admin.allocateAddress(r -> {
                    r.domain(DomainType.VPC);
                    if (!t.isEmpty()) {
                        r.tagSpecifications(TagSpecification.builder()
                                .resourceType(ResourceType.ELASTIC_IP)
                                .tags(t)
                                .build());
                    }
                })
                .allocationId();
    }

    public Address address(String allocationId) {
        return admin.describeAddresses(r -> r.allocationIds(allocationId))
                .addresses()
                .get(0);
    }

    public Map<String, String> tags(String allocationId) {
        return address(allocationId).tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    public String primaryEni(String instanceId) {
        return admin
                .describeInstances(r -> r.instanceIds(instanceId))
                .reservations()
                .get(0)
                .instances()
                .get(0)
                .networkInterfaces()
                .stream()
                .filter(n -> n.attachment().deviceIndex() == 0)
                .findFirst()
                .orElseThrow()
                .networkInterfaceId();
    }

    /** Secondary (non-primary) private addresses of every ENI in the subnet, by ENI. */
    public Map<String, Set<String>> secondaries() {
        List<NetworkInterface> enis = admin.describeNetworkInterfaces(r -> r.filters(
                        Filter.builder().name("subnet-id").values(subnetId).build()))
                .networkInterfaces();
        return enis.stream()
                .collect(Collectors.toMap(
                        NetworkInterface::networkInterfaceId,
                        n -> n.privateIpAddresses().stream()
                                .filter(p -> !p.primary())
                                .map(p -> p.privateIpAddress())
                                .collect(Collectors.toSet())));
    }

    public List<String> allSecondaries() {
        List<String> all = new ArrayList<>();
        secondaries().values().forEach(all::addAll);
        return all;
    }

    @Override
    public void close() {
        admin.close();
    }
}
