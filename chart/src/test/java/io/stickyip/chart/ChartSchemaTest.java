package io.stickyip.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * values.schema.json refuses a bad value before anything is rendered, and helm's message names the value: the path
 * of the key and what was wrong with it.
 */
class ChartSchemaTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            webhook.replicas=0                                | at '/webhook/replicas': minimum: got 0, want 1
            webhook.replicas=two                              | at '/webhook/replicas': got string, want integer
            etcd.replicas=2                                   | at '/etcd/replicas': value must be one of 1, 3, 5
            extender.scheduler=kube-scheduler                 | at '/extender/scheduler': value must be one of 'cluster', 'dedicated'
            webhook.callerAuth.mode=token                     | at '/webhook/callerAuth/mode': value must be one of 'clientCertificate', 'networkPolicy'
            webhook.callerAuth.mode=networkPolicy             | at '/webhook/callerAuth/controlPlaneCidrs': minItems: got 0, want 1
            webhook.callerAuth.controlPlaneCidrs={10.0.0.300} | at '/webhook/callerAuth/controlPlaneCidrs/0': '10.0.0.300' does not match pattern
            cloud.provider=gcp                                | at '/cloud/provider': value must be one of 'none', 'aws'
            cloud.provider=aws                                | at '/cloud/aws/region': minLength: got 0, want 1
            image.pullPolicy=Sometimes                        | at '/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'
            webhook.antiAffinity=strict                       | at '/webhook/antiAffinity': value must be one of 'required', 'preferred', 'none'
            etcd.external.enabled=true                        | at '/etcd/external/endpoints': minItems: got 0, want 1
            etcd.external.endpoints={http://etcd:2379}        | at '/etcd/external/endpoints/0': 'http://etcd:2379' does not match pattern
            agent.criSocket=run/containerd.sock               | at '/agent/criSocket': 'run/containerd.sock' does not match pattern
            webhok.replicas=2                                 | additional properties 'webhok' not allowed
            """)
    void refusesABadValueNamingIt(String set, String message) {
        Helm.Result result = Helm.template("--set", set);
        assertThat(result.ok()).as(result.describe()).isFalse();
        assertThat(result.stderr())
                .as(result.describe())
                .contains("values don't meet the specifications of the schema")
                .contains(message);
    }

    @Test
    void refusesAClusterOlderThanItsKubeVersion() { // Chart.yaml kubeVersion: ValidatingAdmissionPolicy v1 is 1.30's
        Helm.Result old = Helm.template("--kube-version", "v1.29.9");
        assertThat(old.ok()).as(old.describe()).isFalse();
        assertThat(old.stderr())
                .as(old.describe())
                .contains("chart requires kubeVersion: >=1.30.0-0 which is incompatible with Kubernetes v1.29.9");
        Helm.Result supported = Helm.template("--kube-version", "v1.30.0");
        assertThat(supported.ok()).as(supported.describe()).isTrue();
    }

    @Test
    void acceptsTheDefaultsAndGoodValues() { // positive control: the refusals above are the values', not the chart's
        Helm.Result result = Helm.template(
                "--set", "webhook.replicas=3",
                "--set", "etcd.replicas=5",
                "--set", "webhook.callerAuth.mode=networkPolicy",
                "--set", "webhook.callerAuth.controlPlaneCidrs={10.0.0.0/24}",
                "--set", "cloud.provider=aws",
                "--set", "cloud.aws.region=eu-west-1");
        assertThat(result.ok()).as(result.describe()).isTrue();
    }
}
