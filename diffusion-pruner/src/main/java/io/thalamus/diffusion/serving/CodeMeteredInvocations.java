package io.thalamus.diffusion.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.invoke.BatchInvokeRequest;
import io.thalamus.api.invoke.BatchInvokeResponse;
import io.thalamus.api.invoke.BatchItemResult;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.api.invoke.Usage;
import io.thalamus.diffusion.serving.config.DiffusionConfig;
import io.thalamus.expert.batching.MicroBatcher;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.invoke.InvocationService;
import io.thalamus.expert.invoke.InvokeRequestValidator;
import io.thalamus.expert.load.LoadTracker;
import io.thalamus.expert.spi.Expert;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;

/**
 * The runtime's invocation service with usage credits of this expert: an image costs
 * {@code thalamus.diffusion.credits-per-image} times the MACs ratio of the code that made it, so a prompt routed to
 * a smaller sub-network is billed less. {@code gpuMillis} stays the runtime's measure (the request's share of its
 * pass's wall time). Serves {@code /v1/invoke}, {@code /v1/invoke:batch} and the job worker alike, since all of them
 * go through this service.
 *
 * <p>The expert SPI has no way to report usage; this replaces the runtime's service for this application only.
 */
@Alternative
@Priority(1)
@Singleton
public class CodeMeteredInvocations extends InvocationService {

    private final double creditsPerImage;

    public CodeMeteredInvocations(InvokeRequestValidator validator, MicroBatcher batcher, LoadTracker load,
                                  Expert expert, ExpertConfig config, DiffusionConfig diffusion) {
        super(validator, batcher, load, expert, config);
        this.creditsPerImage = diffusion.creditsPerImage();
    }

    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        return super.invoke(request).map(this::metered);
    }

    @Override
    public Uni<BatchInvokeResponse> invokeBatch(BatchInvokeRequest batch) {
        return super.invokeBatch(batch).map(response -> new BatchInvokeResponse(response.items().stream()
                .map(item -> item.response() == null ? item : BatchItemResult.ok(metered(item.response())))
                .toList()));
    }

    /** Credits of the images in a response: credits per image × the code's MACs ratio × images. */
    InvokeResponse metered(InvokeResponse response) {
        JsonNode output = response.output();
        if (output == null || !output.path("macsRatio").isNumber()) {
            return response;
        }
        double credits = creditsPerImage * output.path("macsRatio").asDouble() * output.path("images").size();
        long gpuMillis = response.usage() == null ? 0 : response.usage().gpuMillis();
        return new InvokeResponse(response.requestId(), response.modelId(), output, new Usage(gpuMillis, credits));
    }
}
