package io.thalamus.router.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("TaskSubmission")
@Description("A task as POST /v1/tasks takes it, flattened: params as a JSON object in a string")
public record TaskSubmission(
        @Description("The task id; none lets the router classify the request") String task,
        String text,
        @Description("The image's bytes, base64-encoded") String imageBase64,
        String imageMediaType,
        @Description("An http(s) image URL, when the router fetches image URLs") String imageUrl,
        @Description("Task parameters as a JSON object, e.g. {\"topK\":3}") String paramsJson,
        Double maxCredits,
        Integer maxLatencyMs,
        Double minQuality,
        Double costWeight,
        Double latencyWeight,
        Integer timeoutMs,
        @Description("An expert id or model id the task must go to; none lets the router choose") String model) {
}
