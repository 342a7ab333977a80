package io.thalamus.diffusion.serving.admin;

/** The body of a budget switch: {@code {"budget": 0.5}}. */
public record BudgetChange(Double budget) {
}
