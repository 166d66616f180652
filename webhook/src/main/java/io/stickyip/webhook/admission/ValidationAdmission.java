package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.stickyip.core.admission.WorkloadValidator;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.PoolValidator;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.runtime.lifecycle.LogValue;
import io.stickyip.runtime.pools.PoolSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/** Validates Deployments, StatefulSets (rollouts that keep addresses) and IPPools (no overlaps). */
public final class ValidationAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationAdmission.class);

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
        try {
            switch (review.group() + "/" + review.kind()) {
                case "apps/Deployment" -> WorkloadValidator.validate(mapper.treeToValue(review.object(), Deployment.class));
                case "apps/StatefulSet" -> WorkloadValidator.validate(mapper.treeToValue(review.object(), StatefulSet.class));
                case IPPool.GROUP + "/IPPool" -> PoolValidator.validate(mapper.treeToValue(review.object(), IPPool.class), pools.pools());
                default -> {
                    return AdmissionDecision.Deny.policy("stickyip validates apps/v1 Deployment, apps/v1 StatefulSet and "
                            + IPPool.GROUP + " IPPool; got " + review.gvk());
                }
            }
            return AdmissionDecision.Allow.unchanged();
        } catch (ContractViolation v) {
            LOG.info("denied uid={} object={} kind={} reason=\"{}\"", LogValue.of(review.uid()), LogValue.of(review.objectRef()),
                    LogValue.of(review.kind()), LogValue.of(v.getMessage()));
            return AdmissionDecision.Deny.policy(v.getMessage());
        } catch (RuntimeException e) {
            return AdmissionDecision.Deny.policy("object is not a valid " + review.kind() + ": " + errors.describe(e));
        }
    }
}
