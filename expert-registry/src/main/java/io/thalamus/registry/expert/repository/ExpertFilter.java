package io.thalamus.registry.expert.repository;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.registry.config.RegistryConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a list query asks for; every present criterion must hold.
 *
 * @param states   wanted states; empty means every state but GONE
 * @param modality an input modality the expert must accept
 * @param labels   node labels that must all be present with these values
 * @param after    id after which the page starts (ids ascend), or null for the first page
 */
public record ExpertFilter(TaskId task, Modality modality, Set<ExpertState> states, Map<String, String> labels,
                           String zone, String gpuModel, String after, int limit) {

    public ExpertFilter {
        states = states == null || states.isEmpty() ? EnumSet.complementOf(EnumSet.of(ExpertState.GONE))
                : EnumSet.copyOf(states);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /**
     * Builds a filter from query parameters as the API receives them, rejecting every bad one at once.
     *
     * @param states states by name, each possibly a comma-separated list
     * @param labels {@code name=value} pairs
     */
    public static ExpertFilter parse(String task, String modality, List<String> states, List<String> labels,
                                     String zone, String gpuModel, String after, Integer limit,
                                     RegistryConfig.Limits limits) {
        List<FieldError> errors = new ArrayList<>();
        TaskId taskId = null;
        if (task != null) {
            if (TaskId.isValid(task)) {
                taskId = TaskId.of(task);
            } else {
                errors.add(new FieldError("task", "'" + task + "' is not a task id"));
            }
        }
        Modality wantedModality = null;
        if (modality != null) {
            wantedModality = Arrays.stream(Modality.values()).filter(m -> m.wireName().equals(modality)).findFirst()
                    .orElse(null);
            if (wantedModality == null) {
                errors.add(new FieldError("modality", "unknown modality '" + modality + "', expected one of "
                        + Arrays.stream(Modality.values()).map(Modality::wireName).collect(Collectors.joining(", "))));
            }
        }
        Set<ExpertState> wantedStates = EnumSet.noneOf(ExpertState.class);
        for (String value : split(states)) {
            try {
                wantedStates.add(ExpertState.valueOf(value.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("state", "unknown state '" + value + "', expected one of "
                        + Arrays.toString(ExpertState.values())));
            }
        }
        Map<String, String> wantedLabels = new LinkedHashMap<>();
        for (String label : labels == null ? List.<String>of() : labels) {
            int equals = label.indexOf('=');
            if (equals <= 0) {
                errors.add(new FieldError("label", "'" + label + "' must have the form name=value"));
            } else {
                wantedLabels.put(label.substring(0, equals), label.substring(equals + 1));
            }
        }
        int pageSize = limit == null ? limits.defaultPageSize() : limit;
        if (pageSize < 1 || pageSize > limits.maxPageSize()) {
            errors.add(new FieldError("limit", "must be between 1 and " + limits.maxPageSize() + " (got " + limit + ")"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("Invalid query parameters", errors));
        }
        return new ExpertFilter(taskId, wantedModality, wantedStates, wantedLabels, blankToNull(zone),
                blankToNull(gpuModel), blankToNull(after), pageSize);
    }

    private static List<String> split(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim).filter(value -> !value.isEmpty()).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
