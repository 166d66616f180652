package io.stickyip.core.architecture.impure;

import java.net.http.HttpClient;

public class UsesTheJdkHttpClient {
    HttpClient client() {
        return HttpClient.newHttpClient();
    }
}
