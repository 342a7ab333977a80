package io.thalamus.api.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;

/**
 * An image: its declared media type and its bytes (base64 on the wire), or — where the router allows it —
 * an http(s) URL the router fetches. Experts always receive the bytes, never a URL.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageInput(String mediaType, @JsonProperty("base64") byte[] data, URI url) {

    public ImageInput(String mediaType, byte[] data) {
        this(mediaType, data, null);
    }

    public static ImageInput fromUrl(URI url) {
        return new ImageInput(null, null, url);
    }

    public int size() {
        return data == null ? 0 : data.length;
    }

    /** Whether the image is only a URL still to be fetched. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isUrlOnly() {
        return url != null && size() == 0;
    }
}
