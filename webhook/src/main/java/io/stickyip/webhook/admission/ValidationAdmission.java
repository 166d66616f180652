package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.stickyip.core.admission.WorkloadValidator;
import io.stickyip.core.contract.Checked;
import io.stickyip.core.pool.PoolValidator;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.runtime.lifecycle.LogValue;
import io.stickyip.runtime.pools.PoolSource;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Validates Deployments, StatefulSets (rollouts that keep addresses) and IPPools (no overlaps). */
public final class ValidationAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationAdmission.class);

    private static final Set<String> VALIDATED =
            Set.of("apps/Deployment", "apps/StatefulSet", IPPool.GROUP + "/IPPool");

    private final ObjectMapper mapper;
    private final PoolSource pools;
    private final ModelErrors errors;

    public ValidationAdmission(ObjectMapper mapper, PoolSource pools) {
        this.mapper = mapper;
        this.pools = pools;
        this.errors = new ModelErrors(mapper);
    }

    public AdmissionDecision admit(ParsedReview review) {
        if (!review.operation().equals("CREATE") && !review.operation().equals("UPDATE")) {
            return AdmissionDecision.Allow.unchanged();
        }
        String kind = review.group() + "/" + review.kind();
        if (!VALIDATED.contains(kind)) {
            return AdmissionDecision.Deny.policy("stickyip validates apps/v1 Deployment, apps/v1 StatefulSet and "
                    + IPPool.GROUP + " IPPool; got " + review.gvk());
        }
        Checked<?> checked;
        try {
            checked = check(kind, review.object());
        } catch (RuntimeException e) {
            return AdmissionDecision.Deny.policy("object is not a valid " + review.kind() + ": " + errors.describe(e));
        }
        return switch (checked) {
            case Checked.Valid<?> valid -> AdmissionDecision.Allow.unchanged();
            case Checked.Invalid<?> invalid -> {
                LOG.info(
                        "denied uid={} object={} kind={} reason=\"{}\"",
                        LogValue.of(review.uid()),
                        LogValue.of(review.objectRef()),
                        LogValue.of(review.kind()),
                        LogValue.of(invalid.message()));
                yield AdmissionDecision.Deny.policy(invalid.message());
            }
        };
    }

    /** Every rule the object breaks (a Deployment's or StatefulSet's annotations all, in one message). */
    private Checked<?> check(String kind, JsonNode object) {
        return switch (kind) {
            case "apps/Deployment" ->
                Checked.of(() -> {
                    WorkloadValidator.validate(mapper.treeToValue(object, Deployment.class));
                    return object;
                });
            case "apps/StatefulSet" ->
                Checked.of(() -> {
                    WorkloadValidator.validate(mapper.treeToValue(object, StatefulSet.class));
                    return object;
                });
            default -> PoolValidator.check(mapper.treeToValue(object, IPPool.class), pools.pools());
        };
    }
}
