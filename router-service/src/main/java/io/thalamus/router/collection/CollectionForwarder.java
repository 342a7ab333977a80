package io.thalamus.router.collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.router.dispatch.ExpertAdapter;
import io.thalamus.router.dispatch.ExpertCallException;
import io.thalamus.router.dispatch.ExpertHttp;
import io.thalamus.router.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Forwards a tenant's collection call to the expert that hosts collections, under the caller's tenant (taken from
 * the token, never from the request), and answers with the expert's status and body. The expert's own paths and
 * errors of its 5xx kind stay inside the platform.
 */
@ApplicationScoped
public class CollectionForwarder {

    private final CollectionHosts hosts;
    private final ExpertHttp http;
    private final CollectionsConfig config;
    private final ObjectMapper mapper;
    private final ServiceTokens tokens;

    public CollectionForwarder(CollectionHosts hosts, ExpertHttp http, CollectionsConfig config, ObjectMapper mapper,
                               ServiceTokens tokens) {
        this.hosts = hosts;
        this.tokens = tokens;
        this.http = http;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * @param segments path below the tenant's collections, one segment per element ({@code [name, "documents"]}),
     *                 encoded here
     */
    public Uni<Response> forward(String tenant, String method, String contentType, byte[] body, String prefer,
                                 String... segments) {
        RegisteredExpert host = hosts.host();
        URI uri = ExpertAdapter.resolve(host.descriptor().endpoint(), expertPath(tenant, segments));
        Context trace = Context.current();
        return tokens.bearer().chain(token -> {
                    Map<String, String> headers = new HashMap<>();
                    headers.put("Authorization", "Bearer " + token);
                    if (prefer != null) {
                        headers.put("Prefer", prefer);
                    }
                    return http.send(method, uri, contentType, body, headers, config.timeout(), trace, host.id());
                })
                .onFailure(ExpertCallException.class).transform(failure -> unreachable((ExpertCallException) failure))
                .map(response -> answer(response, segments));
    }

    static String expertPath(String tenant, String... segments) {
        return "/v1/tenants/" + encode(tenant) + "/collections"
                + Arrays.stream(segments).map(segment -> "/" + encode(segment)).collect(Collectors.joining());
    }

    private Response answer(ExpertHttp.Response response, String[] segments) {
        if (response.status() >= 500) {
            throw new ProblemException(ProblemType.EXPERT_FAILED,
                    "The collection host failed: " + ExpertHttp.errorStatus(response, mapper).getMessage());
        }
        Response.ResponseBuilder answer = Response.status(response.status());
        if (response.body().length > 0) {
            answer.entity(response.body()).type(response.contentType());
        }
        if (response.status() == 202 && segments.length > 0) {
            ingestionId(response).ifPresent(id -> answer.location(URI.create(
                    "/v1/collections/" + encode(segments[0]) + "/ingestions/" + encode(id))));
        }
        return answer.build();
    }

    private Optional<String> ingestionId(ExpertHttp.Response response) {
        try {
            JsonNode id = mapper.readTree(response.body()).path("id");
            return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private static ProblemException unreachable(ExpertCallException failure) {
        ProblemType type = switch (failure.kind()) {
            case TIMEOUT -> ProblemType.DEADLINE_EXCEEDED;
            case CONNECT_FAILED -> ProblemType.NO_EXPERT;
            default -> ProblemType.EXPERT_FAILED;
        };
        return new ProblemException(Problem.of(type, "The collection host did not answer: " + failure.getMessage()));
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
