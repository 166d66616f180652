package io.stickyip.core.cloud.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tags stickyip writes on an Elastic IP. {@link #CLUSTER} marks an address as held by the
 * cluster (the reconciliation looks only at those; a released address carries none of these); {@link #NODE} or {@link #OWNER} says who holds it;
 * {@link #BINDING} is the write-ahead record of where it is (being) associated.
 */
public final class Tags {
    public static final String CLUSTER = "stickyip.io/cluster";
    public static final String POOL = "stickyip.io/pool";
    public static final String NODE = "stickyip.io/node";
    public static final String OWNER = "stickyip.io/owner";
    public static final String BINDING = "stickyip.io/binding";
    /** Left on a released node address: the node it served, so a node recreated under that name gets it back. */
    public static final String LAST_NODE = "stickyip.io/last-node";

    private Tags() {}

    /** The tags that say who holds the address (and where it is bound), for one holder. */
    public static Map<String, String> holder(
            String cluster, String pool, String holderKey, String holder, Binding binding) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(CLUSTER, cluster);
        tags.put(POOL, pool);
        tags.put(holderKey, holder);
        tags.put(BINDING, binding.tagValue());
        return tags;
    }

    /** Removed on release: the address goes back to the pool as the user tagged it. */
    public static final List<String> OURS = List.of(CLUSTER, POOL, NODE, OWNER, BINDING);
}
