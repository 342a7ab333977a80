package io.thalamus.router.input;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.task.ImageInput;
import io.thalamus.api.task.TaskInput;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.List;

/** Replaces an image given by URL with its bytes, when image URLs are enabled; refuses it otherwise. */
@ApplicationScoped
public class ImageUrlResolver {

    private final ImageUrlConfig config;
    private final ImageUrlFetcher fetcher;

    public ImageUrlResolver(ImageUrlConfig config, ImageUrlFetcher fetcher) {
        this.config = config;
        this.fetcher = fetcher;
    }

    /** The request with an inline image in place of {@code input.image.url}; unchanged if there is no URL. */
    public Uni<TaskRequest> resolve(TaskRequest request) {
        if (request == null || request.input() == null || request.input().image() == null
                || !request.input().image().isUrlOnly()) {
            return Uni.createFrom().item(request);
        }
        TaskInput input = request.input();
        return fetch(input.image().url(), "input.image.url")
                .map(image -> new TaskRequest(request.task(), new TaskInput(input.text(), image), request.params(),
                        request.constraints(), request.tradeoff(), request.timeoutMs()));
    }

    /** The image at {@code url}, or a 400 naming {@code field} when URLs are disabled or the fetch fails. */
    public Uni<ImageInput> fetch(URI url, String field) {
        if (!config.enabled()) {
            String message = "is an image URL, which this router does not fetch (thalamus.router.image-url.enabled"
                    + " is false): send the image inline as base64";
            return Uni.createFrom().failure(new ProblemException(Problem.invalid("'" + field + "' " + message,
                    List.of(new FieldError(field, message)))));
        }
        return fetcher.fetch(url, field);
    }
}
