package io.thalamus.diffusion.judge;

import io.thalamus.diffusion.data.Layout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The committed judge reads correct renders as correct and renders of another prompt as wrong. */
class ImageJudgeTest {

    private static final long UNSEEN_SEED = 11;
    private static final int IMAGES = 300;

    private static ImageJudge judge;
    private static List<Layout> layouts;
    private static List<Judgement> judgements;

    @BeforeAll
    static void judgeFreshRenders() {
        assumeTrue(ImageJudge.onClasspath(), "no committed judge in " + ImageJudge.FOLDER);
        judge = ImageJudge.fromClasspath();
        JudgeExamples examples = new JudgeExamples(UNSEEN_SEED);
        List<float[]> images = new ArrayList<>(IMAGES);
        layouts = new ArrayList<>(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            JudgeExamples.Example example = examples.example(i);
            images.add(example.image());
            layouts.add(example.prompted().layout());
        }
        judgements = judge.judge(images);
    }

    @AfterAll
    static void close() {
        if (judge != null) {
            judge.close();
        }
    }

    @Test
    void correctRendersScoreAtLeast99Points() {
        AlignmentScore.Breakdown breakdown = AlignmentScore.breakdown(layouts, judgements);

        assertThat(breakdown.alignment()).as(breakdown.line()).isGreaterThanOrEqualTo(99.0);
    }

    @Test
    void rendersOfAnotherPromptScoreFarLower() {
        List<Layout> otherPrompts = new ArrayList<>(layouts.subList(1, IMAGES));
        otherPrompts.add(layouts.get(0));

        AlignmentScore.Breakdown breakdown = AlignmentScore.breakdown(otherPrompts, judgements);

        assertThat(breakdown.alignment()).as(breakdown.line()).isLessThan(30.0);
    }

    @Test
    void everyImageHasAFeatureVector() {
        assertThat(judgements).allSatisfy(judgement ->
                assertThat(judgement.features()).hasSize(judge.network().architecture().features()));
        double floor = FrechetDistance.between(
                judgements.subList(0, IMAGES / 2).stream().map(Judgement::features).toList(),
                judgements.subList(IMAGES / 2, IMAGES).stream().map(Judgement::features).toList());
        assertThat(floor).isGreaterThanOrEqualTo(0.0).isFinite();
    }
}
