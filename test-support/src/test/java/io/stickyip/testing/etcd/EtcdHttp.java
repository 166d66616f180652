package io.stickyip.testing.etcd;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** etcd's JSON gateway ({@code /v3/kv/...} on the client endpoint), so these tests need no etcd client library. */
final class EtcdHttp {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private EtcdHttp() {}

    static void put(String endpoint, String key, String value) throws IOException, InterruptedException {
        String answer =
                post(endpoint, "/v3/kv/put", "{\"key\":\"" + base64(key) + "\",\"value\":\"" + base64(value) + "\"}");
        if (!answer.contains("\"header\"")) {
            throw new IllegalStateException("etcd at " + endpoint + " did not put " + key + ": " + answer);
        }
    }

    /** True if etcd holds {@code key} with {@code value}. */
    static boolean holds(String endpoint, String key, String value) throws IOException, InterruptedException {
        return post(endpoint, "/v3/kv/range", "{\"key\":\"" + base64(key) + "\"}")
                .contains("\"value\":\"" + base64(value) + "\"");
    }

    /** True if etcd holds {@code key} at all. */
    static boolean holdsAny(String endpoint, String key) throws IOException, InterruptedException {
        return post(endpoint, "/v3/kv/range", "{\"key\":\"" + base64(key) + "\"}")
                .contains("\"kvs\"");
    }

    private static String post(String endpoint, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "etcd at " + endpoint + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
