package io.thalamus.router.openai.images;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.routing.TaskResponse;
import io.thalamus.api.routing.TaskStatus;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.router.job.JobService;
import io.thalamus.router.openai.ModelChoice;
import io.thalamus.router.openai.OpenAiConfig;
import io.thalamus.router.openai.OpenAiProblems;
import io.thalamus.router.task.TaskService;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an image generation request into a {@code text-to-image} task. The expert's output is expected as
 * {@code {"images":[{"mediaType":"image/png","base64":"…"}]}}; {@code n}, {@code width} and {@code height}
 * are passed as task parameters. Text-to-image runs as a job; the answer waits for it
 * ({@code thalamus.router.openai.image-job-wait}).
 */
@ApplicationScoped
public class ImageGenerationService {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

    private final TaskService tasks;
    private final JobService jobs;
    private final ModelChoice models;
    private final OpenAiConfig config;

    public ImageGenerationService(TaskService tasks, JobService jobs, ModelChoice models, OpenAiConfig config) {
        this.tasks = tasks;
        this.jobs = jobs;
        this.models = models;
        this.config = config;
    }

    @WithSpan("ImageGenerationService.generate")
    public Uni<ImagesResponse> generate(ImageGenerationRequest request, String tenant) {
        if (request == null || request.prompt() == null || request.prompt().isBlank()) {
            throw OpenAiProblems.invalid("prompt", "is required");
        }
        boolean asUrl = asUrl(request.responseFormat());
        Map<String, Object> params = new HashMap<>();
        int n = request.n() == null ? 1 : request.n();
        if (n < 1 || n > config.maxImagesPerRequest()) {
            throw OpenAiProblems.invalid("n", "must be between 1 and " + config.maxImagesPerRequest());
        }
        params.put("n", n);
        if (request.size() != null && !request.size().equals("auto")) {
            Matcher size = SIZE.matcher(request.size());
            if (!size.matches()) {
                throw OpenAiProblems.invalid("size", "must be WIDTHxHEIGHT (e.g. 512x512) or auto");
            }
            params.put("width", Integer.parseInt(size.group(1)));
            params.put("height", Integer.parseInt(size.group(2)));
        }
        String pinned = models.pinned(request.model());
        TaskRequest task = new TaskRequest(TaskId.TEXT_TO_IMAGE, TaskInput.text(request.prompt()), params,
                null, null, null);
        Instant until = Instant.now().plus(config.imageJobWait());
        return tasks.submit(task, tenant, pinned)
                .chain(response -> finished(response, tenant, until))
                .map(response -> response(response, asUrl));
    }

    /** Text-to-image runs as a job: the OpenAI API answers with the images, so wait for the job to finish. */
    private Uni<TaskResponse> finished(TaskResponse response, String tenant, Instant until) {
        if (response.status() == TaskStatus.SUCCEEDED) {
            return Uni.createFrom().item(response);
        }
        if (response.status() == TaskStatus.FAILED) {
            return Uni.createFrom().failure(new ProblemException(response.error() != null ? response.error()
                    : Problem.of(ProblemType.EXPERT_FAILED, "The image job " + response.id() + " failed")));
        }
        if (Instant.now().isAfter(until)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.DEADLINE_EXCEEDED, "The image job "
                    + response.id() + " is not finished after " + config.imageJobWait().toSeconds()
                    + " s; read it later at GET /v1/tasks/" + response.id()));
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(config.imageJobPollInterval())
                .chain(() -> jobs.get(response.id(), tenant))
                .chain(next -> finished(next, tenant, until));
    }

    private static boolean asUrl(String responseFormat) {
        if (responseFormat == null || responseFormat.equals("b64_json")) {
            return false;
        }
        if (responseFormat.equals("url")) {
            return true;
        }
        throw OpenAiProblems.invalid("response_format", "must be b64_json or url");
    }

    private static ImagesResponse response(TaskResponse response, boolean asUrl) {
        List<ImagesResponse.Image> data = new ArrayList<>();
        JsonNode images = response.output() == null ? null : response.output().path("images");
        for (JsonNode image : images == null ? List.<JsonNode>of() : images) {
            String base64 = image.path("base64").asText();
            String mediaType = image.path("mediaType").asText("image/png");
            data.add(asUrl ? new ImagesResponse.Image(null, "data:" + mediaType + ";base64," + base64)
                    : new ImagesResponse.Image(base64, null));
        }
        return new ImagesResponse(Instant.now().getEpochSecond(), data, response.routing());
    }
}
