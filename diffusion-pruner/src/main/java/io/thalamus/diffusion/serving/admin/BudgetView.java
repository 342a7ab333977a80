package io.thalamus.diffusion.serving.admin;

import java.util.List;

/**
 * The budget being served: its code set and codes, and the budgets a code set was trained for.
 *
 * @param budget    share of the full network's MACs the served code set was trained for
 * @param available budgets that can be switched to
 */
public record BudgetView(double budget, String codeSet, List<Code> codes, List<Double> available) {

    /** One architecture code: its MACs ratio, credits per image and whether its weights are fine-tuned. */
    public record Code(int code, double macsRatio, double creditsPerImage, boolean fineTuned) {
    }
}
