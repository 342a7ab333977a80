package io.thalamus.api.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A kind of content a request carries or an expert produces. */
public enum Modality {
    TEXT, IMAGE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Modality fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
