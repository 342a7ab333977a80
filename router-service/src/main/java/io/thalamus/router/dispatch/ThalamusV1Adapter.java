package io.thalamus.router.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.router.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * The Thalamus expert protocol: {@code POST {endpoint}/v1/invoke} with the request as it is and the router's service
 * token (docs/expert-protocol.md). Only experts of this protocol get the token: the others are servers of other
 * parties.
 */
@ApplicationScoped
public class ThalamusV1Adapter implements ExpertAdapter {

    private final ExpertHttp http;
    private final ObjectMapper mapper;
    private final ServiceTokens tokens;

    public ThalamusV1Adapter(ExpertHttp http, ObjectMapper mapper, ServiceTokens tokens) {
        this.http = http;
        this.tokens = tokens;
        this.mapper = mapper;
    }

    @Override
    public Protocol protocol() {
        return Protocol.THALAMUS_V1;
    }

    @Override
    public Uni<InvokeResponse> invoke(ExpertDescriptor expert, InvokeRequest request, Duration timeout, Context trace) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return tokens.bearer().chain(token -> http.send("POST", ExpertAdapter.resolve(expert.endpoint(), "/v1/invoke"),
                        "application/json", body, Map.of("Authorization", "Bearer " + token), timeout, trace,
                        expert.id()))
                .map(response -> {
                    if (!response.isSuccess()) {
                        throw ExpertHttp.errorStatus(response, mapper);
                    }
                    try {
                        InvokeResponse invoked = mapper.readValue(response.body(), InvokeResponse.class);
                        if (invoked.output() == null) {
                            throw ExpertHttp.invalidResult(response, null);
                        }
                        return invoked;
                    } catch (IOException e) {
                        throw ExpertHttp.invalidResult(response, e);
                    }
                });
    }
}
