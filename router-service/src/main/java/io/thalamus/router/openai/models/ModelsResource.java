package io.thalamus.router.openai.models;

import io.quarkus.security.Authenticated;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.router.openai.ModelChoice;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

@Path("/v1/models")
@Tag(name = "openai")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private static final ModelList.Model AUTO = new ModelList.Model(ModelChoice.AUTO, "model", 0, "thalamus",
            null, null, null);

    private final ExpertDirectory directory;

    public ModelsResource(ExpertDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Operation(summary = "OpenAI-compatible model list: 'auto' and every expert in the routing table")
    public ModelList list() {
        List<ModelList.Model> models = new ArrayList<>();
        models.add(AUTO);
        directory.all().stream()
                .sorted(Comparator.comparing(RegisteredExpert::id))
                .map(ModelsResource::model)
                .forEach(models::add);
        return new ModelList("list", models);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One model of the list, by expert id")
    public ModelList.Model get(@PathParam("id") String id) {
        if (id.equals(ModelChoice.AUTO)) {
            return AUTO;
        }
        return directory.all().stream().filter(expert -> expert.id().equals(id)).findFirst()
                .map(ModelsResource::model)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No expert has the id '" + id + "'"));
    }

    private static ModelList.Model model(RegisteredExpert expert) {
        long created = expert.stateSince() == null ? 0 : expert.stateSince().getEpochSecond();
        String owner = expert.descriptor().owner() == null ? "thalamus" : expert.descriptor().owner();
        List<String> tasks = expert.descriptor().tasks() == null ? List.of()
                : expert.descriptor().tasks().stream().map(TaskId::value).toList();
        return new ModelList.Model(expert.id(), "model", created, owner, expert.descriptor().modelId(), tasks,
                expert.state() == null ? null : expert.state().name());
    }
}
