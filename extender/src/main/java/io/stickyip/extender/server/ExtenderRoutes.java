package io.stickyip.extender.server;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.extender.cache.ExtenderView;
import io.stickyip.extender.scheduling.FilterOutcome;
import io.stickyip.extender.scheduling.NodeFilter;
import io.stickyip.extender.scheduling.NodeScorer;
import io.stickyip.extender.scheduling.PodClaimsReader;
import io.stickyip.extender.scheduling.Verdict;
import io.stickyip.extender.server.ExtenderMetrics.Outcome;
import io.stickyip.extender.server.ExtenderMetrics.Verb;
import io.stickyip.extender.wire.ExtenderArgs;
import io.stickyip.extender.wire.ExtenderFilterResult;
import io.stickyip.extender.wire.ExtenderJson;
import io.stickyip.extender.wire.HostPriority;
import io.stickyip.extender.wire.MalformedCallException;
import io.stickyip.runtime.http.StatusBody;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /filter} and {@code POST /prioritize}: read the call, decide from the informers'
 * view (memory only: it runs on the event loop, never waits on the API server), answer in the
 * upstream wire types. A body that is not {@code ExtenderArgs} gets 400 with the reason.
 */
public final class ExtenderRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ExtenderRoutes.class);
    static final String JSON = "application/json";

    private final ExtenderView view;
    private final NodeFilter filter;
    private final NodeScorer scorer = new NodeScorer();
    private final ExtenderJson json = new ExtenderJson();
    private final ExtenderMetrics metrics;
    private final InstantSource clock;

    public ExtenderRoutes(ExtenderView view, NodeFilter filter, ExtenderMetrics metrics, InstantSource clock) {
        this.view = view;
        this.filter = filter;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.post("/filter").handler(this::filter);
        router.post("/prioritize").handler(this::prioritize);
    }

    void filter(RoutingContext ctx) {
        long start = System.nanoTime();
        ExtenderArgs args = args(ctx, Verb.FILTER, start);
        if (args == null) {
            return;
        }
        Pod pod = args.pod();
        ExtenderFilterResult result = switch (PodClaimsReader.read(pod, view.catalog())) {
            case PodClaimsReader.Read.Refused r -> ExtenderFilterResult.failure(r.error());
            case PodClaimsReader.Read.Ok ok ->
                switch (filter.filter(ok.claims(), names(args), view, clock.instant())) {
                    case FilterOutcome.Error e -> ExtenderFilterResult.failure(e.error());
                    case FilterOutcome.Verdicts v -> result(args, v.verdicts());
                };
        };
        boolean failed = !result.error().isEmpty();
        if (failed) {
            LOG.info(
                    "filter error pod={}/{} error=\"{}\"",
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    result.error());
        } else if (LOG.isDebugEnabled() || passing(result) == 0) {
            LOG.info(
                    "filter pod={}/{} nodes={} passed={}",
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    names(args).size(),
                    passing(result));
        }
        answer(ctx, json.write(result));
        metrics.call(Verb.FILTER, failed ? Outcome.ERROR : Outcome.OK, start);
    }

    void prioritize(RoutingContext ctx) {
        long start = System.nanoTime();
        ExtenderArgs args = args(ctx, Verb.PRIORITIZE, start);
        if (args == null) {
            return;
        }
        List<String> names = names(args);
        // prioritize has no Error field, and the scheduler ignores a failed prioritize: a pod the
        // filter refused never gets here; if one does, every node scores alike
        List<HostPriority> scores = switch (PodClaimsReader.read(args.pod(), view.catalog())) {
            case PodClaimsReader.Read.Refused r ->
                names.stream()
                        .map(n -> new HostPriority(n, HostPriority.MIN_SCORE))
                        .toList();
            case PodClaimsReader.Read.Ok ok -> scorer.score(ok.claims(), names, view);
        };
        answer(ctx, json.write(scores));
        metrics.call(Verb.PRIORITIZE, Outcome.OK, start);
    }

    private ExtenderArgs args(RoutingContext ctx, Verb verb, long start) {
        Buffer body = ctx.body().buffer();
        try {
            return json.readArgs(body == null ? new byte[0] : body.getBytes());
        } catch (MalformedCallException e) {
            LOG.info(
                    "{} refused status=400 reason=\"{}\"",
                    verb.name().toLowerCase(java.util.Locale.ROOT),
                    e.getMessage());
            ctx.response()
                    .setStatusCode(400)
                    .putHeader("content-type", JSON)
                    .end(StatusBody.failure(400, StatusBody.reason(400), e.getMessage()));
            metrics.call(verb, Outcome.BAD_REQUEST, start);
            return null;
        }
    }

    private static List<String> names(ExtenderArgs args) {
        if (args.nodeNames() != null) {
            return args.nodeNames();
        }
        List<Node> items =
                args.nodes().getItems() == null ? List.of() : args.nodes().getItems();
        return items.stream().map(n -> n.getMetadata().getName()).toList();
    }

    /** Passing nodes by name (nodeCacheCapable), or whole, as they came (not nodeCacheCapable). */
    private ExtenderFilterResult result(ExtenderArgs args, Map<String, Verdict> verdicts) {
        List<String> passed = new ArrayList<>(verdicts.size());
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, String> unresolvable = new LinkedHashMap<>();
        verdicts.forEach((node, verdict) -> {
            metrics.verdict(verdict);
            switch (verdict) {
                case Verdict.Pass p -> passed.add(node);
                case Verdict.Fail f -> (f.reason().resolvable() ? failed : unresolvable).put(node, f.message());
            }
        });
        if (args.nodeNames() != null) {
            return new ExtenderFilterResult(null, passed, failed, unresolvable, "");
        }
        java.util.Set<String> keep = new java.util.HashSet<>(passed);
        NodeList nodes = new NodeListBuilder()
                .withItems(args.nodes().getItems().stream()
                        .filter(n -> keep.contains(n.getMetadata().getName()))
                        .toList())
                .build();
        return new ExtenderFilterResult(nodes, null, failed, unresolvable, "");
    }

    private static int passing(ExtenderFilterResult r) {
        return r.nodeNames() != null
                ? r.nodeNames().size()
                : r.nodes() == null ? 0 : r.nodes().getItems().size();
    }

    private static void answer(RoutingContext ctx, byte[] body) {
        ctx.response().putHeader("content-type", JSON).end(Buffer.buffer(body));
    }
}
