package io.thalamus.router.graphql;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import org.eclipse.microprofile.graphql.GraphQLException;

import java.util.stream.Collectors;

/** GraphQL answers errors in its {@code errors} list; a problem becomes one error whose message says it all. */
final class GraphQlProblems {

    private GraphQlProblems() {
    }

    static GraphQLException of(ProblemException exception) {
        Problem problem = exception.problem();
        String fields = problem.errors().stream().map(GraphQlProblems::describe).collect(Collectors.joining("; "));
        return new GraphQLException(problem.status() + " " + problem.title()
                + (problem.detail() == null ? "" : ": " + problem.detail())
                + (fields.isEmpty() ? "" : " [" + fields + "]"));
    }

    static GraphQLException invalid(String field, String message) {
        return new GraphQLException("400 The request is invalid: " + field + " " + message);
    }

    private static String describe(FieldError error) {
        return error.field() + " " + error.message();
    }
}
