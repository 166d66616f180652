package io.stickyip.aws.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fault-injecting proxy on 127.0.0.1 in front of moto's EC2 (the Query API: form-encoded POSTs with
 * {@code Action=...}): it forwards every request, except where an {@link Ec2Fault} rule says otherwise (the first rule
 * that fires wins): {@code RequestLimitExceeded} (503) or {@code InternalError} (500) with EC2's XML error body, a
 * request held past the client's timeout (dropped, or forwarded with its answer lost), and Describe* answers that lag a
 * write (replayed from before it). It logs every exchange with its times, so tests measure the client's spacing.
 *
 * <p>The JDK's {@code com.sun.net.httpserver}, not Vert.x: the aws module and the users of its test-jar need no new
 * dependency (Vert.x is not on the aws module's path), and a blocking handler on a thread of its own per request makes
 * "hold it past the timeout" a plain sleep that stops no other request. Forwarding is {@code java.net.http}.
 */
public final class FaultyEc2 implements AutoCloseable {

    /** What happened to one request. */
    public enum Outcome {
        FORWARDED,
        THROTTLED,
        INTERNAL_ERROR,
        TIMED_OUT,
        LOST_RESPONSE,
        STALE
    }

    /**
     * One request: its action, when it came and when it was answered (System.nanoTime; for a held request, when the hold
     * ends and the connection is closed unanswered), what was done.
     */
    public record Exchange(String action, long receivedNanos, long answeredNanos, Outcome outcome) {}

    private record Answer(int status, String contentType, byte[] body) {}

    private static final Set<String> NOT_FORWARDED =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final Random random;
    private final List<Ec2Fault> rules = new ArrayList<>();
    private final Map<Ec2Fault, Integer> fired = new HashMap<>();
    private final List<Exchange> log = new ArrayList<>();
    private final Map<String, Answer> latestReads = new HashMap<>();
    private Map<String, Answer> frozenReads = Map.of();
    private long lagUntilNanos;
    private int staleLeft;
    private Set<String> lagging = Set.of();

    private FaultyEc2(URI upstream, long seed) throws IOException {
        this.upstream = upstream;
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faulty-ec2");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy in front of {@code upstream} (moto), its random drawn from {@code seed}. */
    public static FaultyEc2 inFrontOf(URI upstream, long seed) {
        try {
            return new FaultyEc2(upstream, seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds a rule after the others. */
    public synchronized FaultyEc2 inject(Ec2Fault rule) {
        rules.add(rule);
        return this;
    }

    /** Drops every rule and ends any lag window: from now on every request is forwarded as it is. */
    public synchronized void heal() {
        rules.clear();
        frozenReads = Map.of();
        staleLeft = 0;
    }

    public synchronized List<Exchange> exchanges() {
        return List.copyOf(log);
    }

    /** Requests forwarded to moto, by action (lost responses included: moto made them). */
    public synchronized Map<String, Long> forwarded() {
        Map<String, Long> out = new TreeMap<>();
        log.stream()
                .filter(e -> e.outcome() == Outcome.FORWARDED || e.outcome() == Outcome.LOST_RESPONSE)
                .forEach(e -> out.merge(e.action(), 1L, Long::sum));
        return out;
    }

    /** Faults injected, by outcome (not {@link Outcome#FORWARDED}). */
    public synchronized Map<Outcome, Long> injected() {
        Map<Outcome, Long> out = new EnumMap<>(Outcome.class);
        log.stream().filter(e -> e.outcome() != Outcome.FORWARDED).forEach(e -> out.merge(e.outcome(), 1L, Long::sum));
        return out;
    }

    public long injected(Outcome outcome) {
        return injected().getOrDefault(outcome, 0L);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String form = new String(body, StandardCharsets.UTF_8);
            String action = action(form);
            Optional<Answer> stale = stale(action, form);
            if (stale.isPresent()) {
                answer(exchange, stale.get());
                record(action, received, Outcome.STALE);
                return;
            }
            Optional<Ec2Fault> fault = fault(action);
            Ec2Fault.Kind kind = fault.map(Ec2Fault::kind).orElse(Ec2Fault.Kind.LAG);
            switch (kind) {
                case THROTTLE -> {
                    answer(exchange, error(503, "RequestLimitExceeded", "Request limit exceeded."));
                    record(action, received, Outcome.THROTTLED);
                }
                case INTERNAL_ERROR -> {
                    answer(exchange, error(500, "InternalError", "An internal error has occurred."));
                    record(action, received, Outcome.INTERNAL_ERROR);
                }
                case TIMEOUT -> {
                    record(action, received, Outcome.TIMED_OUT, fault.get().hold());
                    hold(fault.get().hold());
                }
                case LOST_RESPONSE -> {
                    forward(exchange, action, form, body);
                    record(action, received, Outcome.LOST_RESPONSE, fault.get().hold());
                    hold(fault.get().hold());
                }
                case LAG -> {
                    answer(exchange, forward(exchange, action, form, body));
                    record(action, received, Outcome.FORWARDED);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A Describe* inside a lag window with an answer from before the write: that answer. */
    private synchronized Optional<Answer> stale(String action, String form) {
        if (!action.startsWith("Describe")
                || !lagging.isEmpty() && !lagging.contains(action)
                || staleLeft <= 0
                || System.nanoTime() - lagUntilNanos > 0) {
            return Optional.empty();
        }
        Optional<Answer> old = Optional.ofNullable(frozenReads.get(form));
        old.ifPresent(a -> staleLeft--);
        return old;
    }

    /** The first rule that hits the action and fires now (LAG rules act after the forward, not here). */
    private synchronized Optional<Ec2Fault> fault(String action) {
        for (Ec2Fault rule : rules) {
            if (rule.kind() != Ec2Fault.Kind.LAG && rule.hits(action) && fires(rule)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private boolean fires(Ec2Fault rule) {
        int n = fired.getOrDefault(rule, 0);
        if (rule.times() >= 0 && n >= rule.times()) {
            return false;
        }
        if (rule.probability() < 1 && random.nextDouble() >= rule.probability()) {
            return false;
        }
        fired.put(rule, n + 1);
        return true;
    }

    private Answer forward(HttpExchange exchange, String action, String form, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        upstream.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Answer answer = new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse("text/xml"),
                response.body());
        afterForward(action, form, answer);
        return answer;
    }

    private synchronized void afterForward(String action, String form, Answer answer) {
        if (action.startsWith("Describe")) {
            latestReads.put(form, answer);
            return;
        }
        for (Ec2Fault rule : rules) {
            if (rule.kind() == Ec2Fault.Kind.LAG && rule.hits(action) && fires(rule)) {
                frozenReads = Map.copyOf(latestReads);
                lagUntilNanos = System.nanoTime() + rule.hold().toNanos();
                staleLeft = rule.lagReads();
                lagging = rule.lagging();
                return;
            }
        }
    }

    /** EC2's error response ("Error codes for the Amazon EC2 API": Response/Errors/Error/Code, Message; RequestID). */
    private synchronized Answer error(int status, String code, String message) {
        String requestId = new UUID(random.nextLong(), random.nextLong()).toString();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>" + requestId
                + "</RequestID></Response>";
        return new Answer(status, "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
    }

    private static void hold(Duration hold) throws InterruptedException {
        Thread.sleep(hold.toMillis());
    }

    private synchronized void record(String action, long received, Outcome outcome) {
        log.add(new Exchange(action, received, System.nanoTime(), outcome));
    }

    /** A held request, logged at once (a test may look before the hold ends), answered when the hold ends. */
    private synchronized void record(String action, long received, Outcome outcome, Duration hold) {
        log.add(new Exchange(action, received, System.nanoTime() + hold.toNanos(), outcome));
    }

    private static String action(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return "?";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        http.close();
    }
}
