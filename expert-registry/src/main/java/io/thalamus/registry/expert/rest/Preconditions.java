package io.thalamus.registry.expert.rest;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conditional headers of a write ({@code If-Match}, {@code If-None-Match: *}) against registration versions,
 * whose entity tag is {@code "<version>"}.
 *
 * @param matchAny    {@code If-Match: *}: the registration must exist
 * @param versions    the versions of {@code If-Match}; empty when the header is absent
 * @param mustBeAbsent {@code If-None-Match: *}: only create
 */
public record Preconditions(boolean matchAny, List<Long> versions, boolean mustBeAbsent) {

    private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([^\"]*)\"\\s*(,|$)");

    public static final Preconditions NONE = new Preconditions(false, List.of(), false);

    public static Preconditions parse(String ifMatch, String ifNoneMatch) {
        boolean any = false;
        List<Long> versions = new ArrayList<>();
        if (ifMatch != null && !ifMatch.isBlank()) {
            if (ifMatch.trim().equals("*")) {
                any = true;
            } else {
                versions = versionsOf(ifMatch, "If-Match", false);
            }
        }
        boolean absent = false;
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw malformed("If-None-Match", "only 'If-None-Match: *' (create only) is supported on writes");
            }
            absent = true;
        }
        return new Preconditions(any, List.copyOf(versions), absent);
    }

    /** Parses a list of entity tags into versions; weak tags are accepted only when {@code weakAllowed}. */
    public static List<Long> versionsOf(String header, String name, boolean weakAllowed) {
        List<Long> versions = new ArrayList<>();
        Matcher matcher = TAG.matcher(header);
        int end = 0;
        while (end < header.length() && matcher.find(end) && matcher.start() == end) {
            if (matcher.group(1) != null && !weakAllowed) {
                throw malformed(name, "weak entity tags cannot be used with " + name);
            }
            versions.add(parseVersion(matcher.group(2)));
            end = matcher.end();
        }
        if (end < header.length() || versions.isEmpty()) {
            throw malformed(name, "expected one or more quoted versions such as \"3\", got '" + header + "'");
        }
        return versions;
    }

    public static String tag(long version) {
        return Long.toString(version);
    }

    /** Checks the preconditions against the current version (empty when the registration does not exist). */
    public void check(String expertId, OptionalLong current) {
        if (current.isEmpty() && (matchAny || !versions.isEmpty())) {
            throw new ProblemException(Problem.of(ProblemType.PRECONDITION_FAILED,
                    "Expert '" + expertId + "' does not exist, but If-Match expected it to"));
        }
        if (current.isPresent() && mustBeAbsent) {
            throw new ProblemException(Problem.of(ProblemType.PRECONDITION_FAILED,
                            "Expert '" + expertId + "' already exists (If-None-Match: *)")
                    .with("currentVersion", current.getAsLong()));
        }
        if (current.isPresent() && !versions.isEmpty() && !versions.contains(current.getAsLong())) {
            throw new ProblemException(Problem.of(ProblemType.PRECONDITION_FAILED,
                            "Expert '" + expertId + "' is at version " + current.getAsLong() + ", not "
                                    + versions.stream().map(String::valueOf).reduce((a, b) -> a + " or " + b).orElse("")
                                    + "; read it again and retry")
                    .with("currentVersion", current.getAsLong()));
        }
    }

    private static long parseVersion(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // a tag we never issued can never match
            return -1;
        }
    }

    private static ProblemException malformed(String header, String message) {
        return new ProblemException(Problem.invalid("Malformed " + header + " header: " + message,
                List.of(new FieldError(header, message))));
    }
}
