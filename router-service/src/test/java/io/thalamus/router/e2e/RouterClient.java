package io.thalamus.router.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.Json;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import io.thalamus.testkit.process.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls a packaged router as a product team's service account would. */
final class RouterClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = Json.newMapper();

    private final ServiceProcess router;
    private final String token;

    RouterClient(ServiceProcess router, String client) {
        this.router = router;
        this.token = KeycloakTokens.serviceAccount(client);
    }

    HttpResponse<String> post(String path, Object body, Map<String, String> headers) {
        return withBody("POST", path, body, headers);
    }

    HttpResponse<String> put(String path, Object body) {
        return withBody("PUT", path, body, Map.of());
    }

    private HttpResponse<String> withBody(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            headers.forEach(request::header);
            return send(request.build());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(router.baseUri() + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
