package io.stickyip.core.pool;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.NextHops;
import io.stickyip.core.placement.Placement;
import io.stickyip.core.pool.v1alpha1.Attachment;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Limits;
import io.stickyip.core.pool.v1alpha1.Provider;
import io.stickyip.core.pool.v1alpha1.Route;
import io.stickyip.core.provider.Providers;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks an IPPool on its own and against the other pools (no two pools share an address). */
public final class PoolValidator {
    /** A Kubernetes qualified name, as taint keys are (apimachinery's IsQualifiedName). */
    private static final Pattern TAINT_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private PoolValidator() { }

    public static void validate(IPPool pool, Collection<IPPool> others) throws ContractViolation {
        IPPoolSpec spec = pool.getSpec();
        if (spec == null) {
            throw new ContractViolation("spec", "(none)", "is missing");
        }
        CompiledPool compiled = CompiledPool.of(pool);
        boolean cloudAddresses = AddressSpace.isCloudNodePool(spec) && spec.getCidr() == null && spec.getRanges().isEmpty();
        if (compiled.space().size() == 0 && !cloudAddresses) {
            throw new ContractViolation("spec", String.valueOf(spec.getCidr()), "leaves no usable address after exclusions");
        }
        if (spec.getGateway() != null && Addresses.parse(spec.getGateway()).isEmpty()) {
            throw new ContractViolation("spec.gateway", spec.getGateway(), "is not an IP address");
        }
        int bits = compiled.space().isIPv4() ? 32 : 128;
        if (spec.getPrefixLength() != null && (spec.getPrefixLength() < 1 || spec.getPrefixLength() > bits)) {
            throw new ContractViolation("spec.prefixLength", spec.getPrefixLength().toString(), "must be between 1 and " + bits);
        }
        if (spec.getGateway() != null && !cloudAddresses) {
            onLink("spec.gateway", Addresses.parse(spec.getGateway()).orElseThrow(), compiled);
        }
        for (Route r : spec.getRoutes()) {
            AddressSpace.parseRange("spec.routes.dst", r.getDst());
            if (r.getVia() != null && !cloudAddresses) {
                onLink("spec.routes.via", Addresses.parse(r.getVia()).orElseThrow(
                        () -> new ContractViolation("spec.routes.via", r.getVia(), "is not an IP address")), compiled);
            }
        }
        PoolDnsRules.check(spec.getDns());
        if (spec.getAttachment() != null) {
            present("spec.attachment.mode", spec.getAttachment().getMode(), Attachment.Mode.values());
        }
        if (spec.getProvider() != null) {
            present("spec.provider.type", spec.getProvider().getType(), Provider.Type.values());
            Providers.of(spec).check(spec.getProvider());
        }
        if (spec.getTaintKey() != null && !TAINT_KEY.matcher(spec.getTaintKey()).matches()) {
            throw new ContractViolation("spec.taintKey", spec.getTaintKey(),
                    "is not a taint key ([prefix/]name: a DNS subdomain prefix, a name of up to 63 alphanumerics, '-', '_', '.')");
        }
        checkLimits(spec);
        String name = pool.getMetadata().getName();
        Placement.of(name, spec, compiled.space().isIPv4()); // nodeSelector, zones, subnets
        for (IPPool other : others) {
            String otherName = other.getMetadata().getName();
            if (otherName.equals(name)) {
                continue;
            }
            CompiledPool o;
            try {
                o = CompiledPool.of(other);
            } catch (ContractViolation e) {
                continue; // a broken pool holds no addresses
            }
            if (compiled.space().overlaps(o.space())) {
                throw new ContractViolation("spec", describe(spec), "overlaps pool " + otherName,
                        "pool " + name + " overlaps pool " + otherName + ": an address belongs to one pool");
            }
        }
    }

    /** Limits of at least 1, a workload's no more than its namespace's, on pod pools only. */
    private static void checkLimits(IPPoolSpec spec) throws ContractViolation {
        Limits limits = spec.getLimits();
        if (limits == null) {
            return;
        }
        Integer ns = limits.getPerNamespace();
        Integer wl = limits.getPerWorkload();
        if (ns != null && ns < 1) {
            throw new ContractViolation("spec.limits.perNamespace", ns.toString(), "must be at least 1");
        }
        if (wl != null && wl < 1) {
            throw new ContractViolation("spec.limits.perWorkload", wl.toString(), "must be at least 1");
        }
        if (ns != null && wl != null && wl > ns) {
            throw new ContractViolation("spec.limits.perWorkload", wl.toString(), "is more than spec.limits.perNamespace (" + ns
                    + "): a workload's addresses count for its namespace too");
        }
        if (spec.getScope() == IPPoolSpec.Scope.Node && (ns != null || wl != null)) {
            String set = (ns != null ? "perNamespace=" + ns : "") + (ns != null && wl != null ? "," : "") + (wl != null ? "perWorkload=" + wl : "");
            throw new ContractViolation("spec.limits", set, "apply to pod pools only: a node pool's addresses are held by nodes, not namespaces");
        }
    }

    /**
     * A next hop of the pool's pods lies inside the prefix of every address the pool gives
     * ({@link NextHops}): the prefix is contiguous, so the first and the last address decide.
     */
    private static void onLink(String field, IPAddress hop, CompiledPool pool) throws ContractViolation {
        NextHops.check(field, hop, pool.space().at(0), pool.prefixLength(), "the pool's addresses");
        NextHops.check(field, hop, pool.space().at(pool.space().size() - 1), pool.prefixLength(), "the pool's addresses");
    }

    /** An enum field written as {@code null} (an unknown word never gets this far: the model refuses it). */
    private static void present(String field, Enum<?> value, Enum<?>[] allowed) throws ContractViolation {
        if (value == null) {
            throw new ContractViolation(field, "(none)", "must be one of " + String.join(", ",
                    Arrays.stream(allowed).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
        }
    }

    private static String describe(IPPoolSpec spec) {
        return spec.getCidr() != null ? spec.getCidr() : String.join(",", spec.getRanges());
    }
}
