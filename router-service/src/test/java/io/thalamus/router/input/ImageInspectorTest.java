package io.thalamus.router.input;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.task.ImageInput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector(TestLimits.defaults());

    @Test
    void acceptsEachFormatWhoseContentMatchesItsDeclaredType() {
        assertThat(inspect("image/png", TestImages.png(40, 30))).isEmpty();
        assertThat(inspect("image/jpeg", TestImages.jpeg(40, 30))).isEmpty();
        assertThat(inspect("image/jpg", TestImages.jpeg(40, 30))).as("the common alias").isEmpty();
        assertThat(inspect("image/gif", TestImages.gif(40, 30))).isEmpty();
        assertThat(inspect("image/webp", TestImages.webpLossless(40, 30))).isEmpty();
        assertThat(inspect("image/webp", TestImages.webpExtended(40, 30))).isEmpty();
    }

    @Test
    void readsDimensionsFromTheHeaderOfEachFormat() {
        assertThat(inspect("image/png", TestImages.png(101, 100))).singleElement()
                .satisfies(error -> assertThat(error.message()).isEqualTo("is 101×100 = 10100 pixels, the limit is 10000"));
        assertThat(inspect("image/jpeg", TestImages.jpeg(101, 100))).singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("is 101×100 = 10100 pixels"));
        assertThat(inspect("image/gif", TestImages.gif(101, 100))).singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("is 101×100 = 10100 pixels"));
        assertThat(inspect("image/webp", TestImages.webpExtended(4000, 3000))).singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("is 4000×3000 = 12000000 pixels"));
    }

    @Test
    void aDeclaredTypeThatDisagreesWithTheContentIsRefused() {
        assertThat(inspect("image/png", TestImages.jpeg(10, 10)))
                .containsExactly(new FieldError("input.image.mediaType", "declares image/png but the content is image/jpeg"));
    }

    @Test
    void aMissingMediaTypeIsRefusedNamingTheDetectedOne() {
        assertThat(inspect(null, TestImages.png(10, 10)))
                .containsExactly(new FieldError("input.image.mediaType", "is required (the content is image/png)"));
    }

    @Test
    void contentThatIsNoKnownImageIsRefused() {
        List<FieldError> errors = inspect("image/png", "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8));
        assertThat(errors).extracting(FieldError::field).containsExactly("input.image.base64");
        assertThat(errors.get(0).message()).contains("not a PNG, JPEG, WebP or GIF image");
    }

    @Test
    void aFormatLeftOutOfTheConfiguredListIsRefused() {
        ImageInspector pngOnly = new ImageInspector(TestLimits.defaults().withImageMediaTypes(List.of("image/png")));
        List<FieldError> errors = pngOnly.inspect(new ImageInput("image/gif", TestImages.gif(10, 10)), "input.image");
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("input.image.base64");
            assertThat(error.message()).startsWith("is image/gif, which is not accepted here");
        });
    }

    @Test
    void anUnknownConfiguredTypeFailsAtStartup() {
        assertThatThrownBy(() -> new ImageInspector(TestLimits.defaults().withImageMediaTypes(List.of("image/tiff"))))
                .hasMessageContaining("image/tiff");
    }

    @Test
    void tooManyPixelsIsRefusedBeforeDecoding() {
        // 10 000 pixels allowed; a WebP header announcing 16 383 × 16 383 needs no pixel data to be refused
        assertThat(inspect("image/webp", TestImages.webpLossless(16_383, 16_383)))
                .singleElement().satisfies(error -> assertThat(error.message())
                        .isEqualTo("is 16383×16383 = 268402689 pixels, the limit is 10000"));
        assertThat(inspect("image/png", TestImages.png(101, 100))).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("10100 pixels"));
    }

    @Test
    void tooManyBytesIsRefused() {
        ImageInspector small = new ImageInspector(TestLimits.defaults().withMaxImageBytes(50));
        assertThat(small.inspect(new ImageInput("image/png", TestImages.png(10, 10)), "input.image"))
                .singleElement().satisfies(error -> assertThat(error.message()).endsWith("the limit is 50"));
    }

    @Test
    void aTruncatedHeaderIsRefused() {
        byte[] png = TestImages.png(10, 10);
        byte[] truncated = java.util.Arrays.copyOf(png, 12);
        assertThat(inspect("image/png", truncated)).singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("is not a readable image/png image"));
    }

    @Test
    void anEmptyImageIsRefused() {
        assertThat(inspect("image/png", new byte[0])).extracting(FieldError::field).containsExactly("input.image.base64");
    }

    private List<FieldError> inspect(String mediaType, byte[] data) {
        return inspector.inspect(new ImageInput(mediaType, data), "input.image");
    }
}
