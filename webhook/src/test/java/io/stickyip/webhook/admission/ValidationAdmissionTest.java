package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.runtime.pools.PoolSource;
import io.stickyip.webhook.it.Reviews;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/** Deployments, StatefulSets and IPPools: every rule broken is named in one denial. */
class ValidationAdmissionTest {
    static final ObjectMapper MAPPER = Serialization.jsonMapper();

    final IPPool existing =
            MAPPER.readValue("{\"metadata\":{\"name\":\"demo\"},\"spec\":{\"cidr\":\"10.77.0.0/24\"}}", IPPool.class);
    final ValidationAdmission validation = new ValidationAdmission(MAPPER, new PoolSource() {
        @Override
        public PoolCatalog catalog() {
            return PoolCatalog.of(pools());
        }

        @Override
        public List<IPPool> pools() {
            return List.of(existing);
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public void close() {}
    });

    private AdmissionDecision admit(String body) throws MalformedReviewException {
        return validation.admit(new AdmissionReviews(MAPPER).parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPoolHearsOfEveryRuleItBreaks() throws Exception {
        String pool = "{\"apiVersion\":\"stickyip.io/v1alpha1\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"clash\"},"
                + "\"spec\":{\"cidr\":\"10.77.0.128/25\",\"prefixLength\":40,\"taintKey\":\"not a key\"}}";

        AdmissionDecision decision = admit(Reviews.object("stickyip.io", "v1alpha1", "IPPool", "", pool));

        assertThat(decision)
                .isEqualTo(
                        AdmissionDecision.Deny.policy(
                                "spec.prefixLength: 40 must be between 1 and 32; "
                                        + "spec.taintKey: not a key is not a taint key ([prefix/]name: a DNS subdomain prefix, a name of up to 63 "
                                        + "alphanumerics, '-', '_', '.'); pool clash overlaps pool demo: an address belongs to one pool"));
    }

    @Test
    void aDeploymentHearsOfEveryBrokenAnnotationOfItsTemplate() throws Exception {
        String deployment =
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},"
                        + "\"spec\":{\"strategy\":{\"type\":\"Recreate\"},\"template\":{\"metadata\":{\"annotations\":"
                        + MAPPER.writeValueAsString(
                                Map.of("stickyip.io/ip", "10.0.0.300", "stickyip.io/addresses-per-pod", "x"))
                        + "},\"spec\":{\"containers\":[]}}}}";

        AdmissionDecision decision = admit(Reviews.object("apps", "v1", "Deployment", "shop", deployment));

        assertThat(decision)
                .isEqualTo(AdmissionDecision.Deny.policy("stickyip.io/ip: 10.0.0.300 is not an IP address; "
                        + "stickyip.io/addresses-per-pod: x is not a whole number"));
    }

    @Test
    void aValidPoolIsAllowed() throws Exception {
        String pool = "{\"apiVersion\":\"stickyip.io/v1alpha1\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"fresh\"},"
                + "\"spec\":{\"cidr\":\"10.78.0.0/24\"}}";

        assertThat(admit(Reviews.object("stickyip.io", "v1alpha1", "IPPool", "", pool)))
                .isEqualTo(AdmissionDecision.Allow.unchanged());
    }
}
