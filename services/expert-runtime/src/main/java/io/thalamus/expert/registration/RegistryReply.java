package io.thalamus.expert.registration;

import io.thalamus.api.registry.RegisteredExpert;

/**
 * The registry's answer to one call.
 *
 * @param status HTTP status, or 0 when the registry could not be reached
 * @param expert the registration as the registry holds it, when the answer carried one
 * @param detail what went wrong, for logs
 */
public record RegistryReply(int status, RegisteredExpert expert, String detail) {

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    public boolean notFound() {
        return status == 404;
    }

    public String describe() {
        return status == 0 ? "no answer (" + detail + ")" : "HTTP " + status + (detail == null ? "" : " (" + detail + ")");
    }
}
