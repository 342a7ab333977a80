package io.thalamus.router.openai.images;

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

@Path("/v1/images/generations")
@Tag(name = "openai")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    private final ImageGenerationService service;
    private final CallerTenant callerTenant;
    private final SecurityIdentity identity;

    public ImagesResource(ImageGenerationService service, CallerTenant callerTenant, SecurityIdentity identity) {
        this.service = service;
        this.callerTenant = callerTenant;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "OpenAI-compatible image generation by a text-to-image expert")
    public Uni<ImagesResponse> generate(ImageGenerationRequest request) {
        String tenant = callerTenant.of(identity);
        return Uni.createFrom().deferred(() -> service.generate(request, tenant));
    }
}
