package io.thalamus.diffusion.judge;

import io.thalamus.diffusion.data.PlacedShape;
import io.thalamus.diffusion.data.PromptKind;
import io.thalamus.diffusion.data.ShapeLayout;
import io.thalamus.diffusion.data.ShapeSize;
import io.thalamus.diffusion.data.TextLayout;
import io.thalamus.scenes.ObjectShape;
import io.thalamus.scenes.SceneColour;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AlignmentScoreTest {

    private static final PlacedShape RED_SQUARE = new PlacedShape(0, SceneColour.RED, ObjectShape.SQUARE,
            ShapeSize.LARGE);
    private static final PlacedShape BLUE_CIRCLE = new PlacedShape(4, SceneColour.BLUE, ObjectShape.CIRCLE,
            ShapeSize.SMALL);
    private static final ShapeLayout TWO_SHAPES = new ShapeLayout(List.of(RED_SQUARE, BLUE_CIRCLE));
    private static final TextLayout TWO_CHARACTERS = new TextLayout("AK", SceneColour.GREEN);
    private static final TextLayout ONE_CHARACTER = new TextLayout("Z", SceneColour.ORANGE);

    @Test
    void aPerfectImageScoresOne() {
        assertThat(AlignmentScore.of(TWO_SHAPES, Judgement.of(TWO_SHAPES))).isEqualTo(1.0);
        assertThat(AlignmentScore.of(TWO_CHARACTERS, Judgement.of(TWO_CHARACTERS))).isEqualTo(1.0);
        assertThat(AlignmentScore.points(ONE_CHARACTER, Judgement.of(ONE_CHARACTER))).isEqualTo(100.0);
    }

    @Test
    void aMissingShapeCountsAgainstTheShapesOfThePrompt() {
        Judgement seen = Judgement.of(TWO_SHAPES).withCell(4, Optional.empty());

        assertThat(AlignmentScore.of(TWO_SHAPES, seen)).isEqualTo(0.5);
    }

    @Test
    void anExtraShapeEnlargesTheDenominator() {
        Judgement seen = Judgement.of(TWO_SHAPES).withCell(8,
                Optional.of(new SeenShape(SceneColour.YELLOW, ObjectShape.SQUARE, ShapeSize.SMALL)));

        assertThat(AlignmentScore.of(TWO_SHAPES, seen)).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void aShapeOfTheWrongColourOrSizeIsNotMatched() {
        Judgement wrongColour = Judgement.of(TWO_SHAPES).withCell(0,
                Optional.of(new SeenShape(SceneColour.ORANGE, ObjectShape.SQUARE, ShapeSize.LARGE)));
        Judgement wrongSize = Judgement.of(TWO_SHAPES).withCell(4,
                Optional.of(new SeenShape(SceneColour.BLUE, ObjectShape.CIRCLE, ShapeSize.LARGE)));

        assertThat(AlignmentScore.of(TWO_SHAPES, wrongColour)).isEqualTo(0.5);
        assertThat(AlignmentScore.of(TWO_SHAPES, wrongSize)).isEqualTo(0.5);
    }

    @Test
    void aShapeInTheWrongCellIsMissingThereAndExtraElsewhere() {
        Judgement moved = Judgement.of(TWO_SHAPES).withCell(4, Optional.empty())
                .withCell(5, Optional.of(SeenShape.of(BLUE_CIRCLE)));

        assertThat(AlignmentScore.of(TWO_SHAPES, moved)).isCloseTo(1 / 3.0, within(1e-12));
    }

    @Test
    void charactersScoreTheirSlotsAndTheirColour() {
        Judgement wrongCharacter = Judgement.of(TWO_CHARACTERS).withCharacterSlot(1, Optional.of('X'));
        Judgement wrongColour = Judgement.of(TWO_CHARACTERS).withTextColour(SceneColour.RED);
        Judgement extraCharacter = Judgement.of(ONE_CHARACTER).withCharacterSlot(1, Optional.of('Z'));
        Judgement missingCharacter = Judgement.of(TWO_CHARACTERS).withCharacterSlot(1, Optional.empty());

        assertThat(AlignmentScore.of(TWO_CHARACTERS, wrongCharacter)).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(AlignmentScore.of(TWO_CHARACTERS, wrongColour)).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(AlignmentScore.of(ONE_CHARACTER, extraCharacter)).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(AlignmentScore.of(TWO_CHARACTERS, missingCharacter)).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void seeingShapesInsteadOfCharactersScoresZero() {
        Judgement shapesSeen = Judgement.of(TWO_CHARACTERS).withShowsCharacters(false);

        assertThat(AlignmentScore.of(TWO_CHARACTERS, shapesSeen)).isZero();
        assertThat(AlignmentScore.of(TWO_SHAPES, Judgement.of(TWO_CHARACTERS))).isZero();
    }

    @Test
    void theBreakdownSeparatesTheAttributes() {
        Judgement wrongColour = Judgement.of(TWO_SHAPES).withCell(0,
                Optional.of(new SeenShape(SceneColour.ORANGE, ObjectShape.SQUARE, ShapeSize.LARGE)));
        Judgement missing = Judgement.of(TWO_SHAPES).withCell(4, Optional.empty());
        Judgement wrongCharacter = Judgement.of(TWO_CHARACTERS).withCharacterSlot(0, Optional.of('B'));

        AlignmentScore.Breakdown breakdown = AlignmentScore.breakdown(List.of(TWO_SHAPES, TWO_SHAPES, TWO_CHARACTERS),
                List.of(wrongColour, missing, wrongCharacter));

        assertThat(breakdown.images()).isEqualTo(3);
        assertThat(breakdown.alignment()).isCloseTo(100 * (0.5 + 0.5 + 2 / 3.0) / 3, within(1e-9));
        assertThat(breakdown.colour()).isCloseTo(100 * 2 / 3.0, within(1e-9));
        assertThat(breakdown.shapeKind()).isEqualTo(100.0);
        assertThat(breakdown.size()).isEqualTo(100.0);
        assertThat(breakdown.positionCount()).isEqualTo(75.0);
        assertThat(breakdown.characters()).isEqualTo(50.0);
        assertThat(breakdown.textColour()).isEqualTo(100.0);
        assertThat(breakdown.byKind()).containsOnlyKeys(PromptKind.TWO_SHAPES, PromptKind.CHARACTERS);
        assertThat(breakdown.line()).startsWith("alignment 55.6 (n=3)");
    }

    @Test
    void attributesNoImageHasAreNotANumber() {
        AlignmentScore.Breakdown breakdown = AlignmentScore.breakdown(List.of(TWO_SHAPES),
                List.of(Judgement.of(TWO_SHAPES)));

        assertThat(breakdown.characters()).isNaN();
        assertThat(breakdown.textColour()).isNaN();
        assertThat(breakdown.line()).contains("characters -");
    }

    @Test
    void cellClassesRoundTrip() {
        for (int c = 1; c < SeenShape.CLASSES; c++) {
            assertThat(SeenShape.ofClass(c).orElseThrow().classIndex()).isEqualTo(c);
        }
        assertThat(SeenShape.ofClass(SeenShape.EMPTY)).isEmpty();
    }
}
