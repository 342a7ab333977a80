package io.thalamus.router.openai;

import io.thalamus.api.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.List;

/** Adds the OpenAI {@code error} member to every problem answered on an OpenAI-compatible path. */
public class OpenAiErrorFilter {

    private static final List<String> OPENAI_PATHS = List.of(
            "/v1/chat/completions", "/v1/images/generations", "/v1/embeddings", "/v1/models");

    @ServerResponseFilter
    public void addOpenAiError(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && isOpenAiPath(request.getUriInfo().getPath())
                && !problem.extensions().containsKey("error")) {
            problem.with("error", OpenAiError.of(problem));
        }
    }

    private static boolean isOpenAiPath(String path) {
        return OPENAI_PATHS.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }
}
