package io.stickyip.core.pool;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.Checked;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.FieldError;
import io.stickyip.core.contract.NextHops;
import io.stickyip.core.placement.Placement;
import io.stickyip.core.pool.v1alpha1.Attachment;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Limits;
import io.stickyip.core.pool.v1alpha1.Provider;
import io.stickyip.core.pool.v1alpha1.Route;
import io.stickyip.core.provider.Providers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks an IPPool on its own and against the other pools (no two pools share an address), naming every rule it breaks. */
public final class PoolValidator {
    /** A Kubernetes qualified name, as taint keys are (apimachinery's IsQualifiedName). */
    private static final Pattern TAINT_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private PoolValidator() {}

    /** Throws the first rule the pool breaks (as {@link #check} finds them). */
    public static void validate(IPPool pool, Collection<IPPool> others) throws ContractViolation {
        check(pool, others).orThrowFirst();
    }

    /**
     * The pool, or every rule it breaks, each named: its addresses, gateway, prefix length, each
     * route, DNS, attachment, provider, taint key, limits, placement and each pool it overlaps. A
     * missing spec or addresses that do not parse stop the check (nothing else can be judged).
     */
    public static Checked<IPPool> check(IPPool pool, Collection<IPPool> others) {
        IPPoolSpec spec = pool.getSpec();
        if (spec == null) {
            return Checked.of(() -> {
                throw new ContractViolation("spec", "(none)", "is missing");
            });
        }
        Checked<CompiledPool> compiledOrNot = Checked.of(() -> CompiledPool.of(pool));
        if (!(compiledOrNot instanceof Checked.Valid<CompiledPool>(CompiledPool compiled))) {
            return Checked.invalid(compiledOrNot.errors());
        }
        Checked.Errors errors = new Checked.Errors();
        boolean cloudAddresses = AddressSpace.isCloudNodePool(spec)
                && spec.getCidr() == null
                && spec.getRanges().isEmpty();
        if (compiled.space().size() == 0 && !cloudAddresses) {
            errors.add(error("spec", String.valueOf(spec.getCidr()), "leaves no usable address after exclusions"));
        }
        Optional<IPAddress> gateway = spec.getGateway() == null ? Optional.empty() : Addresses.parse(spec.getGateway());
        if (spec.getGateway() != null && gateway.isEmpty()) {
            errors.add(error("spec.gateway", spec.getGateway(), "is not an IP address"));
        }
        int bits = compiled.space().isIPv4() ? 32 : 128;
        boolean prefixBroken =
                spec.getPrefixLength() != null && (spec.getPrefixLength() < 1 || spec.getPrefixLength() > bits);
        if (prefixBroken) {
            errors.add(error("spec.prefixLength", spec.getPrefixLength().toString(), "must be between 1 and " + bits));
        }
        boolean linkable = !cloudAddresses && compiled.space().size() > 0 && !prefixBroken; // next hops can be judged
        if (gateway.isPresent() && linkable) {
            errors.take(() -> onLink("spec.gateway", gateway.get(), compiled), null);
        }
        for (Route r : spec.getRoutes()) {
            errors.take(() -> route(r, compiled, cloudAddresses, linkable), null);
        }
        errors.take(
                () -> {
                    PoolDnsRules.check(spec.getDns());
                    return null;
                },
                null);
        errors.take(() -> kinds(spec), null);
        if (spec.getTaintKey() != null && !TAINT_KEY.matcher(spec.getTaintKey()).matches()) {
            errors.add(
                    error(
                            "spec.taintKey",
                            spec.getTaintKey(),
                            "is not a taint key ([prefix/]name: a DNS subdomain prefix, a name of up to 63 alphanumerics, '-', '_', '.')"));
        }
        errors.take(() -> checkLimits(spec), null);
        String name = pool.getMetadata().getName();
        errors.take(() -> Placement.of(name, spec, compiled.space().isIPv4()), null); // nodeSelector, zones, subnets
        overlaps(pool, compiled, others).forEach(errors::add);
        return errors.result(() -> pool);
    }

    private static FieldError error(String field, String value, String rule) {
        return FieldError.of(new ContractViolation(field, value, rule));
    }

    private static Void route(Route r, CompiledPool compiled, boolean cloudAddresses, boolean linkable)
            throws ContractViolation {
        AddressSpace.parseRange("spec.routes.dst", r.getDst());
        if (r.getVia() != null && !cloudAddresses) {
            IPAddress via = Addresses.parse(r.getVia())
                    .orElseThrow(() -> new ContractViolation("spec.routes.via", r.getVia(), "is not an IP address"));
            if (linkable) {
                onLink("spec.routes.via", via, compiled);
            }
        }
        return null;
    }

    /** The attachment mode and the provider type named, and the provider's own settings. */
    private static Void kinds(IPPoolSpec spec) throws ContractViolation {
        if (spec.getAttachment() != null) {
            present("spec.attachment.mode", spec.getAttachment().getMode(), Attachment.Mode.values());
        }
        if (spec.getProvider() != null) {
            present("spec.provider.type", spec.getProvider().getType(), Provider.Type.values());
            Providers.of(spec).check(spec.getProvider());
        }
        return null;
    }

    /** Each other pool sharing an address with this one (a broken pool holds none). */
    private static List<FieldError> overlaps(IPPool pool, CompiledPool compiled, Collection<IPPool> others) {
        String name = pool.getMetadata().getName();
        List<FieldError> found = new ArrayList<>();
        for (IPPool other : others) {
            String otherName = other.getMetadata().getName();
            if (otherName.equals(name)) {
                continue;
            }
            Checked<CompiledPool> o = Checked.of(() -> CompiledPool.of(other));
            if (o instanceof Checked.Valid<CompiledPool>(CompiledPool them)
                    && compiled.space().overlaps(them.space())) {
                found.add(new FieldError(
                        "spec",
                        describe(pool.getSpec()),
                        "overlaps pool " + otherName,
                        "pool " + name + " overlaps pool " + otherName + ": an address belongs to one pool"));
            }
        }
        return found;
    }

    /** Limits of at least 1, a workload's no more than its namespace's, on pod pools only. */
    private static Void checkLimits(IPPoolSpec spec) throws ContractViolation {
        Limits limits = spec.getLimits();
        if (limits == null) {
            return null;
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
            throw new ContractViolation(
                    "spec.limits.perWorkload",
                    wl.toString(),
                    "is more than spec.limits.perNamespace (" + ns
                            + "): a workload's addresses count for its namespace too");
        }
        if (spec.getScope() == IPPoolSpec.Scope.Node && (ns != null || wl != null)) {
            String set = (ns != null ? "perNamespace=" + ns : "")
                    + (ns != null && wl != null ? "," : "")
                    + (wl != null ? "perWorkload=" + wl : "");
            throw new ContractViolation(
                    "spec.limits",
                    set,
                    "apply to pod pools only: a node pool's addresses are held by nodes, not namespaces");
        }
        return null;
    }

    /**
     * A next hop of the pool's pods lies inside the prefix of every address the pool gives
     * ({@link NextHops}): the prefix is contiguous, so the first and the last address decide.
     */
    private static Void onLink(String field, IPAddress hop, CompiledPool pool) throws ContractViolation {
        NextHops.check(field, hop, pool.space().at(0), pool.prefixLength(), "the pool's addresses");
        NextHops.check(
                field, hop, pool.space().at(pool.space().size() - 1), pool.prefixLength(), "the pool's addresses");
        return null;
    }

    /** An enum field written as {@code null} (an unknown word never gets this far: the model refuses it). */
    private static void present(String field, Enum<?> value, Enum<?>[] allowed) throws ContractViolation {
        if (value == null) {
            throw new ContractViolation(
                    field,
                    "(none)",
                    "must be one of "
                            + String.join(
                                    ", ",
                                    Arrays.stream(allowed)
                                            .map(e -> e.name().toLowerCase(Locale.ROOT))
                                            .toList()));
        }
    }

    private static String describe(IPPoolSpec spec) {
        return spec.getCidr() != null ? spec.getCidr() : String.join(",", spec.getRanges());
    }
}
