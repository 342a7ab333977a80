package io.thalamus.api.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An RFC 9457 problem detail ({@code application/problem+json}), with optional field errors and extensions. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final URI type;
    private final String title;
    private final int status;
    private final String detail;
    private final URI instance;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    @JsonCreator
    public Problem(@JsonProperty("type") URI type,
                   @JsonProperty("title") String title,
                   @JsonProperty("status") int status,
                   @JsonProperty("detail") String detail,
                   @JsonProperty("instance") URI instance,
                   @JsonProperty("errors") List<FieldError> errors) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.instance = instance;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, null);
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        ProblemType type = ProblemType.INVALID_REQUEST;
        return new Problem(type.uri(), type.title(), type.status(), detail, null, errors);
    }

    public Problem with(String key, Object value) {
        extensions.put(key, value);
        return this;
    }

    @JsonProperty
    public URI type() {
        return type;
    }

    @JsonProperty
    public String title() {
        return title;
    }

    @JsonProperty
    public int status() {
        return status;
    }

    @JsonProperty
    public String detail() {
        return detail;
    }

    @JsonProperty
    public URI instance() {
        return instance;
    }

    @JsonProperty
    public List<FieldError> errors() {
        return errors;
    }

    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }

    @JsonAnySetter
    void putExtension(String key, Object value) {
        extensions.put(key, value);
    }

    @JsonIgnore
    public boolean is(ProblemType problemType) {
        return problemType.uri().equals(type);
    }

    @Override
    public String toString() {
        return status + " " + title + (detail == null ? "" : ": " + detail);
    }
}
