package io.thalamus.api.task;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.EnumSet;
import java.util.Set;

/** What the caller sends to be worked on: text, optionally an image. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskInput(String text, ImageInput image) {

    public static TaskInput text(String text) {
        return new TaskInput(text, null);
    }

    @JsonIgnore
    public boolean hasImage() {
        return image != null && image.size() > 0;
    }

    @JsonIgnore
    public boolean hasText() {
        return text != null && !text.isBlank();
    }

    @JsonIgnore
    public Set<Modality> modalities() {
        Set<Modality> modalities = EnumSet.noneOf(Modality.class);
        if (hasText()) {
            modalities.add(Modality.TEXT);
        }
        if (hasImage()) {
            modalities.add(Modality.IMAGE);
        }
        return modalities;
    }
}
