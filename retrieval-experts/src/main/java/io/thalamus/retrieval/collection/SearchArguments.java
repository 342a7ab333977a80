package io.thalamus.retrieval.collection;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.retrieval.index.MetadataFilter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks the k and the metadata filter of a search, naming the offending field when they are wrong. */
public final class SearchArguments {

    private SearchArguments() {
    }

    /** {@code value} absent means {@code defaultK}; otherwise an integer in [1, maxK]. */
    public static int topK(Object value, int defaultK, int maxK, String field) {
        if (value == null) {
            return defaultK;
        }
        int k;
        try {
            k = value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            k = -1;
        }
        if (k < 1 || k > maxK) {
            throw invalid(field, "topK is out of range", "must be an integer between 1 and " + maxK);
        }
        return k;
    }

    /** An object of metadata key → string, number or boolean, with at most {@code maxKeys} keys. */
    public static MetadataFilter filter(Object value, int maxKeys, String field) {
        if (value == null) {
            return MetadataFilter.NONE;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(field, "The filter is not an object", "must be an object of metadata key to value");
        }
        if (map.size() > maxKeys) {
            throw invalid(field, "The filter has too many keys", "may have at most " + maxKeys + " keys");
        }
        Map<String, String> equalTo = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object v = entry.getValue();
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw invalid(field + "." + entry.getKey(), "A filter value is not a scalar",
                        "must be a string, number or boolean");
            }
            equalTo.put(String.valueOf(entry.getKey()), String.valueOf(v));
        }
        return new MetadataFilter(equalTo);
    }

    private static ProblemException invalid(String field, String detail, String message) {
        return new ProblemException(Problem.invalid(detail, List.of(new FieldError(field, message))));
    }
}
