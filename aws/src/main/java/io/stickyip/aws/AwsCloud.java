package io.stickyip.aws;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Everything the agent and the webhook's controllers use of EC2, wired from one {@link AwsConfig}:
 * {@link #nodes()} (node-level pools), {@link #pods()} (pod-level public addresses),
 * {@link #reconciler()}, {@link #calls()} and {@link #metrics()} for metrics. Close it to close the SDK client.
 */
public final class AwsCloud implements AutoCloseable {

    private final Ec2Client client;
    private final CallCounter calls;
    private final Ec2Metrics metrics;
    private final Ec2Gateway gateway;
    private final NodeAddresses nodes;
    private final PodAddresses pods;
    private final CloudReconciler reconciler;

    private AwsCloud(
            Ec2Client client,
            CallCounter calls,
            Ec2Metrics metrics,
            Ec2Gateway gateway,
            NodeAddresses nodes,
            PodAddresses pods) {
        this.client = client;
        this.calls = calls;
        this.metrics = metrics;
        this.gateway = gateway;
        this.nodes = nodes;
        this.pods = pods;
        this.reconciler = new CloudReconciler(gateway, nodes, pods);
    }

    public static AwsCloud create(AwsConfig config) {
        return create(config, StepRunner.StepGate.OPEN);
    }

    /** @param gate called before every mutating call (tests stop the run there) */
    public static AwsCloud create(AwsConfig config, StepRunner.StepGate gate) {
        CallCounter calls = new CallCounter();
        Ec2Metrics metrics = new Ec2Metrics();
        Ec2Client client = Ec2ClientFactory.create(config, List.of(calls), List.of(metrics));
        Ec2Gateway gateway =
                new SdkEc2Gateway(client, new MutationLimiter(config.mutationsPerSecond(), config.callTimeout()));
        StepRunner runner = new StepRunner(gateway, config.readBackTimeout(), gate);
        return new AwsCloud(
                client,
                calls,
                metrics,
                gateway,
                new NodeAddresses(gateway, runner, config.verifyPrivateIp()),
                new PodAddresses(gateway, runner, config.verifyPrivateIp()));
    }

    public NodeAddresses nodes() {
        return nodes;
    }

    public PodAddresses pods() {
        return pods;
    }

    public CloudReconciler reconciler() {
        return reconciler;
    }

    public Ec2Gateway gateway() {
        return gateway;
    }

    public CallCounter calls() {
        return calls;
    }

    /** The SDK's view of every call (attempts, throttling, back-off); bind it to the process's registry. */
    public Ec2Metrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        client.close();
    }
}
