package io.thalamus.router.openai.embeddings;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thalamus.router.security.CallerTenant;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/embeddings")
@Tag(name = "openai")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EmbeddingsResource {

    private final EmbeddingService service;
    private final CallerTenant callerTenant;
    private final SecurityIdentity identity;

    public EmbeddingsResource(EmbeddingService service, CallerTenant callerTenant, SecurityIdentity identity) {
        this.service = service;
        this.callerTenant = callerTenant;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "OpenAI-compatible embeddings from an expert of the embedding task")
    public Uni<EmbeddingList> embed(EmbeddingRequest request) {
        String tenant = callerTenant.of(identity);
        return Uni.createFrom().deferred(() -> service.embed(request, tenant));
    }
}
