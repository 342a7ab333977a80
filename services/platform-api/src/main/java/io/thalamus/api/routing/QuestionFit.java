package io.thalamus.api.routing;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the router predicts of an expert's answer to this very request, learned from scored examples of the
 * expert's model (evaluation data, then feedback): the similarity-weighted mean score of the most similar example
 * requests, drawn towards a neutral value when few are similar. It replaces the expert's general quality in the
 * score.
 *
 * @param predicted  the predicted quality used in the score
 * @param general    the expert's question-independent quality it replaces
 * @param neighbours examples that contributed (similar enough to count)
 * @param similarity mean cosine similarity of the contributing examples (0 when none)
 * @param examples   scored examples known for the expert's model and task
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuestionFit(double predicted, double general, int neighbours, double similarity, int examples) {
}
