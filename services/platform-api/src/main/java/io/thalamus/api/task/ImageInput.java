package io.thalamus.api.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An image carried inline: its declared media type and its bytes (base64 on the wire). */
public record ImageInput(String mediaType, @JsonProperty("base64") byte[] data) {

    public int size() {
        return data == null ? 0 : data.length;
    }
}
