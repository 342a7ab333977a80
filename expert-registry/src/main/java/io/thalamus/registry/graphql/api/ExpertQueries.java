package io.thalamus.registry.graphql.api;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.registry.expert.repository.ExpertFilter;
import io.thalamus.registry.expert.service.RegistrationService;
import io.thalamus.registry.graphql.model.ExpertView;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.GraphQLException;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import java.util.List;
import java.util.stream.Collectors;

/** The registry's read side over GraphQL (the path requires a valid bearer token). */
@GraphQLApi
public class ExpertQueries {

    private final RegistrationService registrations;
    private final RegistryConfig.Limits limits;

    public ExpertQueries(RegistrationService registrations, RegistryConfig config) {
        this.registrations = registrations;
        this.limits = config.limits();
    }

    @Query("experts")
    @Description("Registrations matching every given filter, by id; GONE ones only when asked for by state")
    public Uni<List<ExpertView>> experts(@Name("task") String task,
                                         @Name("modality") @Description("an input modality: text or image") String modality,
                                         @Name("state") List<String> states,
                                         @Name("label") @Description("name=value pairs that must all match") List<String> labels,
                                         @Name("zone") String zone,
                                         @Name("gpuModel") String gpuModel,
                                         @Name("after") @Description("the last id of the previous page") String after,
                                         @Name("limit") Integer limit) throws GraphQLException {
        ExpertFilter filter;
        try {
            filter = ExpertFilter.parse(task, modality, states, labels, zone, gpuModel, after, limit, limits);
        } catch (ProblemException e) {
            throw asGraphQL(e.problem());
        }
        return registrations.list(filter).map(found -> found.stream().map(ExpertView::of).toList());
    }

    @Query("expert")
    @Description("One registration by id, GONE ones included; null when unknown")
    public Uni<ExpertView> expert(@Name("id") @NonNull String id) {
        return registrations.get(id)
                .map(ExpertView::of)
                .onFailure(e -> e instanceof ProblemException problem && problem.problem().is(ProblemType.NOT_FOUND))
                .recoverWithNull();
    }

    private static GraphQLException asGraphQL(Problem problem) {
        String fields = problem.errors().stream().map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; "));
        return new GraphQLException(problem.detail() + (fields.isEmpty() ? "" : " (" + fields + ")"),
                GraphQLException.ExceptionType.DataFetchingException);
    }
}
