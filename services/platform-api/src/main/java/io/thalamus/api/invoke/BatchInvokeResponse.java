package io.thalamus.api.invoke;

import java.util.List;

/** Results in the order of the batch's items. */
public record BatchInvokeResponse(List<BatchItemResult> items) {
}
