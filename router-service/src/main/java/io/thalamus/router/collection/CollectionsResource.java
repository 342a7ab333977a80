package io.thalamus.router.collection;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.router.security.CallerTenant;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's tenant's document collections for retrieval (docs/collections.md). Every call acts on the tenant
 * named by the bearer token; another tenant's collections do not exist for it.
 */
@Path("/v1/collections")
@Tag(name = "collections")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CollectionsResource {

    private static final String JSON_LINES = "application/x-ndjson";

    private final CollectionForwarder forwarder;
    private final CollectionsConfig config;
    private final CallerTenant callerTenant;
    private final SecurityIdentity identity;

    public CollectionsResource(CollectionForwarder forwarder, CollectionsConfig config, CallerTenant callerTenant,
                               SecurityIdentity identity) {
        this.forwarder = forwarder;
        this.config = config;
        this.callerTenant = callerTenant;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The tenant's collections with their document counts")
    public Uni<Response> list() {
        return forward("GET", null, null, null);
    }

    @PUT
    @Path("/{collection}")
    @Operation(summary = "Create a collection (idempotent)")
    public Uni<Response> create(@PathParam("collection") String collection) {
        return forward("PUT", null, null, null, collection);
    }

    @GET
    @Path("/{collection}")
    @Operation(summary = "A collection and its document count")
    public Uni<Response> get(@PathParam("collection") String collection) {
        return forward("GET", null, null, null, collection);
    }

    @DELETE
    @Path("/{collection}")
    @Operation(summary = "Delete a collection and its index")
    public Uni<Response> delete(@PathParam("collection") String collection) {
        return forward("DELETE", null, null, null, collection);
    }

    @POST
    @Path("/{collection}/documents")
    @Consumes({JSON_LINES, "application/jsonl", "application/x-jsonlines", MediaType.TEXT_PLAIN})
    @Operation(summary = "Upload documents as JSON Lines ({id, title, text, metadata} per line). Re-uploading an id "
            + "replaces it. Bad lines are reported by line number and the others are indexed. A small upload is "
            + "answered once indexed (200); a large one, or one sent with 'Prefer: respond-async', answers 202 "
            + "with the ingestion to poll in Location.")
    public Uni<Response> upload(@PathParam("collection") String collection,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                @HeaderParam("Prefer") String prefer, byte[] body) {
        return forward("POST", contentType, body, prefer, collection, "documents");
    }

    @GET
    @Path("/{collection}/ingestions/{id}")
    @Operation(summary = "Progress of an upload: lines read, documents accepted and indexed, rejected lines")
    public Uni<Response> ingestion(@PathParam("collection") String collection, @PathParam("id") String id) {
        return forward("GET", null, null, null, collection, "ingestions", id);
    }

    @PUT
    @Path("/{collection}/documents/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace one document ({title, text, metadata})")
    public Uni<Response> putDocument(@PathParam("collection") String collection, @PathParam("id") String id,
                                     byte[] body) {
        return forward("PUT", MediaType.APPLICATION_JSON, body, null, collection, "documents", id);
    }

    @GET
    @Path("/{collection}/documents/{id}")
    @Operation(summary = "One document as stored")
    public Uni<Response> getDocument(@PathParam("collection") String collection, @PathParam("id") String id) {
        return forward("GET", null, null, null, collection, "documents", id);
    }

    @DELETE
    @Path("/{collection}/documents/{id}")
    @Operation(summary = "Delete one document")
    public Uni<Response> deleteDocument(@PathParam("collection") String collection, @PathParam("id") String id) {
        return forward("DELETE", null, null, null, collection, "documents", id);
    }

    @POST
    @Path("/{collection}/search")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search the collection ({query, topK, filter}); the same search as a retrieval task "
            + "with params.collection, without routing")
    public Uni<Response> search(@PathParam("collection") String collection, byte[] body) {
        return forward("POST", MediaType.APPLICATION_JSON, body, null, collection, "search");
    }

    private Uni<Response> forward(String method, String contentType, byte[] body, String prefer, String... segments) {
        String tenant = callerTenant.of(identity);
        if (body != null && body.length > config.maxUploadBytes()) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The body has " + body.length + " bytes, the limit is " + config.maxUploadBytes());
        }
        return forwarder.forward(tenant, method, contentType, body, prefer, segments);
    }
}
