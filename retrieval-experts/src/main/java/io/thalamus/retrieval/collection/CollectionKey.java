package io.thalamus.retrieval.collection;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A tenant's collection. Both names become directory names, so they are restricted to letters, digits, '-' and
 * '_' (no dots, no separators) and checked before anything touches the disk.
 */
public record CollectionKey(String tenant, String name) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public CollectionKey {
        check("tenant", tenant);
        check("collection", name);
    }

    /** The tenant name, checked like in a key. */
    public static String tenant(String tenant) {
        check("tenant", tenant);
        return tenant;
    }

    private static void check(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new ProblemException(Problem.invalid("The " + field + " name is not valid",
                    List.of(new FieldError(field, "must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit"))));
        }
    }

    @Override
    public String toString() {
        return tenant + "/" + name;
    }
}
