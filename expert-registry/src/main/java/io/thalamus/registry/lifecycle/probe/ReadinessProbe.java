package io.thalamus.registry.lifecycle.probe;

import io.thalamus.api.expert.Protocol;
import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.support.net.UnsafeUrlException;
import io.thalamus.support.net.UrlGuard;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Asks an expert whether it is ready: {@code GET {endpoint}{path}}, where the path depends on the protocol the
 * expert speaks. Blocking, bounded by the probe timeout; never follows redirects, and checks the endpoint against
 * SSRF again because its host may resolve differently than at registration.
 */
@ApplicationScoped
public class ReadinessProbe {

    private static final Map<Protocol, String> DEFAULT_PATHS = Map.of(
            Protocol.THALAMUS_V1, "/q/health/ready",
            Protocol.OPENAI_CHAT, "/health",
            Protocol.KSERVE_V2, "/v2/health/ready");

    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, String> paths;
    private final UrlGuard guard;

    public ReadinessProbe(RegistryConfig config, UrlGuard guard) {
        this.timeout = config.probe().timeout();
        this.paths = config.probe().path();
        this.guard = guard;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Whether the expert answered its readiness endpoint with 2xx; {@code why} is filled with the reason if not. */
    public ProbeResult probe(URI endpoint, Protocol protocol) {
        URI target = URI.create(stripTrailingSlash(endpoint.toString()) + pathFor(protocol));
        try {
            guard.check(target);
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(target).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? ProbeResult.READY
                    : ProbeResult.notReady(target + " answered HTTP " + response.statusCode());
        } catch (UnsafeUrlException e) {
            return ProbeResult.notReady(target + " is refused: " + e.getMessage());
        } catch (IOException e) {
            return ProbeResult.notReady(target + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.notReady("interrupted");
        }
    }

    String pathFor(Protocol protocol) {
        String configured = paths.get(protocol.wireName());
        return configured != null ? configured : DEFAULT_PATHS.get(protocol);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
