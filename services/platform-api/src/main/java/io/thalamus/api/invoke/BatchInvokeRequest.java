package io.thalamus.api.invoke;

import java.util.List;

/** Several units of work sent together ({@code POST /v1/invoke:batch}). */
public record BatchInvokeRequest(List<InvokeRequest> items) {
}
