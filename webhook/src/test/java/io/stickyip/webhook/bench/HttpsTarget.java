package io.stickyip.webhook.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * POSTs AdmissionReviews over HTTPS, trusting only the benchmark's CA (HTTP/1.1 with one
 * keep-alive connection per client, or HTTP/2 with every client on one connection), and labels
 * each answer by request kind and outcome.
 */
final class HttpsTarget implements Target {
    private static final long REQUEST_TIMEOUT_MS = 30_000;

    private final String name;
    private final HttpClientAgent client;
    private final RequestOptions post;
    private final AdmissionLoad load;

    /** @param eventLoops client event loops the connections are spread over */
    HttpsTarget(
            String name,
            Vertx vertx,
            int eventLoops,
            Path caFile,
            int port,
            int concurrency,
            boolean http2,
            AdmissionLoad load) {
        this.name = name;
        this.load = load;
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(caFile.toString()))
                .setVerifyHost(true)
                .setProtocolVersion(http2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1)
                .setUseAlpn(http2)
                .setKeepAlive(true);
        Path caller = caFile.getParent().resolveSibling(BenchWebhook.CALLER);
        if (Files.isDirectory(caller)) { // present the API server's client certificate, as the webhook requires
            options.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(caller.resolve("tls.crt").toString())
                    .setKeyPath(caller.resolve("tls.key").toString()));
        }
        PoolOptions pool = http2
                ? new PoolOptions().setHttp2MaxSize(1)
                : new PoolOptions().setHttp1MaxSize(concurrency).setEventLoopSize(eventLoops);
        this.client = vertx.createHttpClient(options, pool.setMaxWaitQueueSize(-1));
        this.post = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/mutate")
                .putHeader("content-type", "application/json")
                .setTimeout(REQUEST_TIMEOUT_MS);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<String> send(long index) {
        AdmissionLoad.Request request = load.request(index);
        return client.request(post)
                .compose(req -> req.send(request.body()))
                .compose(resp -> resp.body().map(body -> label(request, resp.statusCode(), body)))
                .toCompletionStage();
    }

    /** One request outside the measurement; the answer's body, whatever its status. */
    Buffer exchange(Buffer body) {
        return client.request(post)
                .compose(req -> req.send(body))
                .compose(resp -> resp.body())
                .await();
    }

    private String label(AdmissionLoad.Request request, int status, Buffer body) {
        if (status != 200) {
            return request.kind() + ":http-" + status + FAILED;
        }
        String text = body.toString();
        boolean allowed = text.contains("\"allowed\":true");
        load.answered(request, allowed);
        if (!allowed) {
            return request.kind() + ":denied" + FAILED;
        }
        return request.kind() + (text.contains("\"patch\":") ? ":patched" : ":allowed");
    }

    @Override
    public void close() {
        client.close().await();
    }
}
