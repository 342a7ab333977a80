package io.thalamus.router.dispatch;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.invoke.InvokeResponse;

import java.time.Duration;

/**
 * Calls an expert in the wire protocol it registered with and maps its answer to the router's {@link InvokeResponse}.
 * One implementation per {@link Protocol}. Fails with an {@link ExpertCallException}.
 */
public interface ExpertAdapter {

    Protocol protocol();

    Uni<InvokeResponse> invoke(ExpertDescriptor expert, InvokeRequest request, Duration timeout, Context trace);

    /** {@code endpoint} with {@code path} appended, whether or not the endpoint ends with a slash. */
    static java.net.URI resolve(java.net.URI endpoint, String path) {
        String base = endpoint.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return java.net.URI.create(base + path);
    }
}
