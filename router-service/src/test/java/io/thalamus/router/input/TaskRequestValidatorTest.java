package io.thalamus.router.input;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.task.ImageInput;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.router.task.TaskRequestValidator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TaskRequestValidatorTest {

    private final TestLimits limits = TestLimits.defaults();
    private final TaskRequestValidator validator = new TaskRequestValidator(limits, new ImageInspector(limits));

    @Test
    void aValidRequestWithAnImagePasses() {
        assertThatCode(() -> validator.validate(request(new TaskInput("what is this?",
                new ImageInput("image/png", TestImages.png(20, 20)))))).doesNotThrowAnyException();
    }

    @Test
    void textLongerThanTheLimitIsNamed() {
        assertThat(errors(request(TaskInput.text("x".repeat(101)))))
                .containsExactly(new FieldError("input.text", "has 101 characters, the limit is 100"));
    }

    @Test
    void imageProblemsAreListedWithTheOtherFields() {
        TaskRequest request = new TaskRequest(null, new TaskInput("x".repeat(101),
                new ImageInput("image/gif", TestImages.png(20, 20))), null, null, null, 0);
        assertThat(errors(request)).extracting(FieldError::field)
                .containsExactly("input.text", "input.image.mediaType", "timeoutMs");
    }

    @Test
    void anImageUrlThatWasNotFetchedIsRefused() {
        assertThat(errors(request(new TaskInput("what is this?", ImageInput.fromUrl(URI.create("https://example.org/a.png"))))))
                .extracting(FieldError::field).containsExactly("input.image.url");
    }

    @Test
    void anImageWithBothBytesAndUrlIsRefused() {
        assertThat(errors(request(new TaskInput(null, new ImageInput("image/png", TestImages.png(2, 2),
                URI.create("https://example.org/a.png")))))).extracting(FieldError::field).containsExactly("input.image");
    }

    private static TaskRequest request(TaskInput input) {
        return new TaskRequest(TaskId.VQA, input, null, null, null, null);
    }

    private List<FieldError> errors(TaskRequest request) {
        ProblemException problem = catchThrowableOfType(ProblemException.class, () -> validator.validate(request));
        assertThat(problem).as("a problem").isNotNull();
        assertThat(problem.problem().status()).isEqualTo(400);
        return problem.problem().errors();
    }
}
