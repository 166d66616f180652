package io.stickyip.core.admission;

import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.Checked;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.FieldError;
import io.stickyip.core.pool.PoolDnsRules;
import io.stickyip.core.pool.v1alpha1.Dns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pod's DNS from its pools' {@code spec.dns}, decided at admission (a running pod's
 * resolv.conf cannot be changed). What the pod set itself comes first and stays; the pools'
 * entries follow in pool order, without duplicates. A union over Kubernetes' limits is refused,
 * never cut short. Pure.
 */
public final class PodDns {
    /** Cluster DNS policies: the cluster's server takes one of the resolver's three places. */
    private static final Set<String> CLUSTER_FIRST = Set.of("ClusterFirst", "ClusterFirstWithHostNet");

    private PodDns() {}

    /** One pool's DNS, with the pool's name for messages. */
    public record FromPool(String pool, Dns dns) {
        public FromPool {
            Objects.requireNonNull(pool, "pool");
        }
    }

    /**
     * What the mutator writes onto the pod.
     *
     * @param dnsPolicy the pod's dnsPolicy afterwards ({@code null}: left as the pod has it)
     * @param config    the pod's dnsConfig afterwards
     */
    public record Settings(String dnsPolicy, PodDNSConfig config) {}

    /**
     * @param spec  the pod's spec as admitted
     * @param pools the pod's pools in assignment order (repeats are taken once)
     * @return empty when no pool gives DNS: the pod is left alone
     */
    public static Optional<Settings> merge(PodSpec spec, List<FromPool> pools) throws ContractViolation {
        return check(spec, pools).orThrowFirst();
    }

    /**
     * As {@link #merge}, naming every rule broken: each pool's own DNS, then the policy, the
     * servers (when the policy is agreed), the search domains and each option two pools set apart.
     */
    public static Checked<Optional<Settings>> check(PodSpec spec, List<FromPool> pools) {
        Checked.Errors errors = new Checked.Errors();
        List<FromPool> giving = giving(pools, errors);
        if (errors.any() || giving.isEmpty()) {
            return errors.result(Optional::empty);
        }
        PodDNSConfig own = spec.getDnsConfig() == null ? new PodDNSConfig() : spec.getDnsConfig();
        Checked<String> agreed = Checked.of(() -> policy(spec.getDnsPolicy(), giving));
        String policy = errors.take(agreed, null);
        String finalPolicy = policy != null ? policy : Objects.requireNonNullElse(spec.getDnsPolicy(), "ClusterFirst");
        List<String> servers = agreed instanceof Checked.Valid<String>
                ? errors.take(() -> nameservers(own, giving, finalPolicy), List.of())
                : List.of();
        List<String> searches = errors.take(() -> searches(own, giving), List.of());
        List<PodDNSConfigOption> options = options(own, giving, errors);
        return errors.result(() -> Optional.of(new Settings(
                policy,
                new PodDNSConfig(
                        servers.isEmpty() ? null : servers,
                        options.isEmpty() ? null : options,
                        searches.isEmpty() ? null : searches))));
    }

    /** The pools that give any DNS, each once, each checked (a pool stored past the validator is refused here). */
    private static List<FromPool> giving(List<FromPool> pools, Checked.Errors errors) {
        Map<String, FromPool> byName = new LinkedHashMap<>();
        for (FromPool p : pools) {
            Dns d = p.dns();
            if (d != null
                    && !(d.getNameservers().isEmpty()
                            && d.getSearch().isEmpty()
                            && d.getOptions().isEmpty())) {
                byName.putIfAbsent(p.pool(), p);
            }
        }
        for (FromPool p : byName.values()) {
            if (Checked.of(() -> {
                        PoolDnsRules.check(p.dns());
                        return p;
                    })
                    instanceof Checked.Invalid<FromPool> invalid) {
                invalid.errors()
                        .forEach(e -> errors.add(new FieldError(
                                e.field(), e.value(), e.rule(), "pool " + p.pool() + ": " + e.message())));
            }
        }
        return List.copyOf(byName.values());
    }

    /**
     * Pools with nameservers decide: {@code None} (the default) turns a ClusterFirst pod into a
     * {@code None} pod; any other policy the pod chose is its own. Pools that disagree are refused.
     */
    private static String policy(String podPolicy, List<FromPool> giving) throws ContractViolation {
        Map<String, Dns.Policy> byPool = new LinkedHashMap<>();
        giving.stream()
                .filter(p -> !p.dns().getNameservers().isEmpty())
                .forEach(p -> byPool.put(p.pool(), p.dns().effectivePolicy()));
        Set<Dns.Policy> policies = Set.copyOf(byPool.values());
        if (policies.size() > 1) {
            String each = byPool.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            throw new ContractViolation(
                    "spec.dns.policy",
                    each,
                    "disagree",
                    "spec.dns.policy: pools disagree (" + each + "): a pod of these pools gets one dnsPolicy");
        }
        boolean clusterFirst = podPolicy == null || podPolicy.equals("ClusterFirst");
        return policies.contains(Dns.Policy.None) && clusterFirst ? "None" : null;
    }

    /**
     * The pod's servers, then each pool's, once each (compared as addresses). At most 3; with a
     * cluster policy the cluster's server takes one place (the kubelet would drop the rest).
     */
    private static List<String> nameservers(PodDNSConfig own, List<FromPool> giving, String finalPolicy)
            throws ContractViolation {
        Map<String, String> byAddress = new LinkedHashMap<>(); // canonical form -> as written
        List<String> mine = own.getNameservers() == null ? List.of() : own.getNameservers();
        mine.forEach(s -> byAddress.putIfAbsent(key(s), s));
        for (FromPool p : giving) {
            p.dns().getNameservers().forEach(s -> byAddress.putIfAbsent(key(s), s));
        }
        List<String> all = List.copyOf(byAddress.values());
        boolean clusterServer = CLUSTER_FIRST.contains(finalPolicy);
        int limit = PoolDnsRules.MAX_NAMESERVERS - (clusterServer ? 1 : 0);
        if (all.size() > limit && all.size() > mine.size()) {
            throw new ContractViolation(
                    "spec.dnsConfig.nameservers",
                    String.join(",", all),
                    "over the limit",
                    "spec.dnsConfig.nameservers: "
                            + sources(mine, giving, p -> p.dns().getNameservers()) + " make "
                            + all.size() + " servers (" + String.join(", ", all) + "): a pod has at most "
                            + PoolDnsRules.MAX_NAMESERVERS + " nameservers"
                            + (clusterServer
                                    ? ", the cluster's DNS server included (dnsPolicy " + finalPolicy + ")"
                                    : ""));
        }
        return all;
    }

    private static List<String> searches(PodDNSConfig own, List<FromPool> giving) throws ContractViolation {
        List<String> mine = own.getSearches() == null ? List.of() : own.getSearches();
        Set<String> all = new LinkedHashSet<>(mine);
        giving.forEach(p -> all.addAll(p.dns().getSearch()));
        int chars = String.join(" ", all).length();
        if (all.size() > mine.size()
                && (all.size() > PoolDnsRules.MAX_SEARCHES || chars > PoolDnsRules.MAX_SEARCH_CHARS)) {
            throw new ContractViolation(
                    "spec.dnsConfig.searches",
                    String.join(",", all),
                    "over the limit",
                    "spec.dnsConfig.searches: "
                            + sources(mine, giving, p -> p.dns().getSearch()) + " make "
                            + all.size() + " domains of " + chars + " characters: a pod has at most "
                            + PoolDnsRules.MAX_SEARCHES + " search domains of at most " + PoolDnsRules.MAX_SEARCH_CHARS
                            + " characters in all");
        }
        return List.copyOf(all);
    }

    /** By name: the pod's own value stays; two pools giving one option two values are refused. */
    private static List<PodDNSConfigOption> options(PodDNSConfig own, List<FromPool> giving, Checked.Errors errors) {
        Map<String, PodDNSConfigOption> byName = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (PodDNSConfigOption o : own.getOptions() == null ? List.<PodDNSConfigOption>of() : own.getOptions()) {
            byName.putIfAbsent(String.valueOf(o.getName()), o);
            from.putIfAbsent(String.valueOf(o.getName()), "");
        }
        for (FromPool p : giving) {
            for (var o : p.dns().getOptions()) {
                String first = from.putIfAbsent(o.getName(), p.pool());
                if (first == null) {
                    byName.put(o.getName(), new PodDNSConfigOption(o.getName(), o.getValue()));
                } else if (!first.isEmpty()
                        && !Objects.equals(byName.get(o.getName()).getValue(), o.getValue())) {
                    errors.add(new FieldError(
                            "spec.dns.options",
                            o.getName(),
                            "set twice",
                            "spec.dns.options: pools " + first + " and " + p.pool() + " give option " + o.getName()
                                    + " two values (" + byName.get(o.getName()).getValue() + ", " + o.getValue()
                                    + "): a pod of both pools gets one"));
                }
            }
        }
        return new ArrayList<>(byName.values());
    }

    /** "the pod's a, b and pool lan's c" */
    private static String sources(List<String> mine, List<FromPool> giving, Function<FromPool, List<String>> field) {
        List<String> parts = new ArrayList<>();
        if (!mine.isEmpty()) {
            parts.add("the pod's " + String.join(", ", mine));
        }
        giving.stream()
                .filter(p -> !field.apply(p).isEmpty())
                .forEach(p -> parts.add("pool " + p.pool() + "'s " + String.join(", ", field.apply(p))));
        return String.join(" and ", parts);
    }

    private static String key(String server) {
        return Addresses.parse(server).map(Addresses::canonical).orElse(server);
    }
}
