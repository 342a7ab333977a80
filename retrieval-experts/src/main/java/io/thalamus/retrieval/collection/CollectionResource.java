package io.thalamus.retrieval.collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.retrieval.RetrievalOutput;
import io.thalamus.expert.security.CallerRoles;
import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.corpus.DocumentLimits;
import io.thalamus.retrieval.corpus.JsonlCorpusReader;
import io.thalamus.retrieval.expert.RetrievalConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tenants' collections on this expert: create, list, delete; upload JSON Lines (validated line by line, indexed
 * in the background when large); put, read and delete single documents; search with a metadata filter.
 *
 * <p>The tenant is part of the path: this API is called by the router, which takes the tenant from the caller's
 * token and never from the request (see docs/collections.md).
 */
@Path("/v1/tenants/{tenant}/collections")
@RolesAllowed(CallerRoles.ROUTER)
@Produces(MediaType.APPLICATION_JSON)
public class CollectionResource {

    static final String JSON_LINES = "application/x-ndjson";

    private final TenantCollections collections;
    private final Ingestions ingestions;
    private final CollectionsConfig config;
    private final RetrievalConfig retrieval;
    private final JsonlCorpusReader reader;

    public CollectionResource(TenantCollections collections, Ingestions ingestions, CollectionsConfig config,
                              RetrievalConfig retrieval, ObjectMapper mapper) {
        this.collections = collections;
        this.ingestions = ingestions;
        this.config = config;
        this.retrieval = retrieval;
        this.reader = new JsonlCorpusReader(mapper, new DocumentLimits(config.maxIdChars(),
                retrieval.maxDocumentChars(), config.maxMetadataKeys(), config.maxMetadataValueChars()));
    }

    @GET
    public List<CollectionInfo> list(@PathParam("tenant") String tenant) {
        return collections.list(CollectionKey.tenant(tenant));
    }

    @PUT
    @Path("/{collection}")
    public Response create(@PathParam("tenant") String tenant, @PathParam("collection") String name) {
        CollectionKey key = new CollectionKey(tenant, name);
        boolean created = collections.create(key);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(collections.info(key)).build();
    }

    @GET
    @Path("/{collection}")
    public CollectionInfo info(@PathParam("tenant") String tenant, @PathParam("collection") String name) {
        return collections.info(new CollectionKey(tenant, name));
    }

    @DELETE
    @Path("/{collection}")
    public Response delete(@PathParam("tenant") String tenant, @PathParam("collection") String name) {
        CollectionKey key = new CollectionKey(tenant, name);
        if (!collections.delete(key)) {
            throw notFound(key);
        }
        return Response.noContent().build();
    }

    /**
     * Uploads JSON Lines documents. Malformed lines are reported by number and the others are indexed; a small
     * upload is answered once indexed (200), a large one (or one sent with {@code Prefer: respond-async}) at once
     * with 202 and the ingestion to poll.
     */
    @POST
    @Path("/{collection}/documents")
    @Consumes({JSON_LINES, "application/jsonl", "application/x-jsonlines", MediaType.TEXT_PLAIN})
    public Response upload(@PathParam("tenant") String tenant, @PathParam("collection") String name,
                           @HeaderParam("Prefer") String prefer, InputStream body) throws IOException {
        CollectionKey key = new CollectionKey(tenant, name);
        if (!collections.exists(key)) {
            throw notFound(key);
        }
        byte[] bytes = readLimited(body);
        JsonlCorpusReader.Result read = reader.read(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
        if (read.documents().isEmpty()) {
            throw new ProblemException(Problem.invalid("No line of the upload is a valid document",
                    read.rejected().isEmpty() ? List.of(new FieldError("body", "holds no documents")) : read.rejected()));
        }
        IngestionStatus status = ingestions.submit(key, read.documents(), read.rejected(), read.lines());
        boolean async = prefer != null && prefer.contains("respond-async");
        if (!async && read.documents().size() <= config.syncMaxDocuments()) {
            status = ingestions.await(key, status.id(), config.syncWait());
        }
        if (status.finished()) {
            return Response.ok(status).build();
        }
        return Response.accepted(status)
                .location(UriBuilder.fromPath("/v1/tenants/{tenant}/collections/{collection}/ingestions/{id}")
                        .build(tenant, name, status.id()))
                .build();
    }

    @GET
    @Path("/{collection}/ingestions/{id}")
    public IngestionStatus ingestion(@PathParam("tenant") String tenant, @PathParam("collection") String name,
                                     @PathParam("id") String id) {
        CollectionKey key = new CollectionKey(tenant, name);
        if (!collections.exists(key)) {
            throw notFound(key);
        }
        return ingestions.status(key, id);
    }

    /** Adds or replaces one document (JSON: title, text, metadata; an id in the body must be the path's). */
    @PUT
    @Path("/{collection}/documents/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Document put(@PathParam("tenant") String tenant, @PathParam("collection") String name,
                        @PathParam("id") String id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(Problem.invalid("The document is not a JSON object",
                    List.of(new FieldError("body", "must be an object with 'text'"))));
        }
        JsonNode bodyId = body.get("id");
        if (bodyId != null && !bodyId.isNull() && !id.equals(bodyId.asText())) {
            throw new ProblemException(Problem.invalid("The document's id differs from the one in the path",
                    List.of(new FieldError("id", "must be '" + id + "' or absent"))));
        }
        ((ObjectNode) body).put("id", id);
        Document document;
        try {
            document = reader.document(body);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.invalid("The document is not valid",
                    List.of(new FieldError("body", e.getMessage()))));
        }
        collections.collection(new CollectionKey(tenant, name)).upsert(List.of(document));
        return document;
    }

    @GET
    @Path("/{collection}/documents/{id}")
    public Document document(@PathParam("tenant") String tenant, @PathParam("collection") String name,
                             @PathParam("id") String id) {
        return collections.collection(new CollectionKey(tenant, name)).document(id)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                        "Collection '" + name + "' has no document '" + id + "'"));
    }

    @DELETE
    @Path("/{collection}/documents/{id}")
    public Response deleteDocument(@PathParam("tenant") String tenant, @PathParam("collection") String name,
                                   @PathParam("id") String id) {
        if (!collections.collection(new CollectionKey(tenant, name)).delete(id)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "Collection '" + name + "' has no document '" + id + "'");
        }
        return Response.noContent().build();
    }

    @POST
    @Path("/{collection}/search")
    @Consumes(MediaType.APPLICATION_JSON)
    public RetrievalOutput search(@PathParam("tenant") String tenant, @PathParam("collection") String name,
                                  SearchRequest request) {
        if (request == null || request.query() == null || request.query().isBlank()) {
            throw new ProblemException(Problem.invalid("The search has no query",
                    List.of(new FieldError("query", "is required"))));
        }
        int k = SearchArguments.topK(request.topK(), retrieval.defaultTopK(), retrieval.maxTopK(), "topK");
        return collections.collection(new CollectionKey(tenant, name)).answer(name, request.query(),
                SearchArguments.filter(request.filter(), config.maxFilterKeys(), "filter"), k);
    }

    private byte[] readLimited(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxUploadBytes() + 1));
        if (bytes.length > config.maxUploadBytes()) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The upload is larger than "
                    + config.maxUploadBytes() + " bytes; split it into several uploads");
        }
        return bytes;
    }

    private static ProblemException notFound(CollectionKey key) {
        return new ProblemException(ProblemType.NOT_FOUND, "Tenant '" + key.tenant() + "' has no collection '"
                + key.name() + "'");
    }
}
