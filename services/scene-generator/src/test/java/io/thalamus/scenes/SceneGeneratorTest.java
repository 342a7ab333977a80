package io.thalamus.scenes;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SceneGeneratorTest {

    private final SceneSpec spec = SceneSpec.sortOfClevr();
    private final SceneGenerator generator = new SceneGenerator(spec);
    private final SceneRenderer renderer = new SceneRenderer();

    @Test
    void scenesFollowTheProtocol() {
        for (int i = 0; i < 500; i++) {
            Scene scene = generator.scene(7, i);
            assertThat(scene.objects()).hasSize(6);
            Set<SceneColour> colours = EnumSet.noneOf(SceneColour.class);
            for (SceneObject object : scene.objects()) {
                assertThat(colours.add(object.colour())).as("distinct colours").isTrue();
                assertThat(object.size()).isEqualTo(5);
                assertThat(object.centreX() - object.size()).isGreaterThanOrEqualTo(0);
                assertThat(object.centreY() - object.size()).isGreaterThanOrEqualTo(0);
                assertThat(object.centreX() + object.size()).isLessThan(75);
                assertThat(object.centreY() + object.size()).isLessThan(75);
                for (SceneObject other : scene.objects()) {
                    if (other != object) {
                        assertThat(Math.sqrt(object.squaredDistanceTo(other))).isGreaterThanOrEqualTo(15);
                    }
                }
            }
        }
    }

    @Test
    void theSameSeedAndIndexGiveTheSameSceneAndPixels() {
        Scene first = generator.scene(42, 17);
        Scene again = new SceneGenerator(SceneSpec.sortOfClevr()).scene(42, 17);
        assertThat(again).isEqualTo(first);
        assertThat(renderer.png(again)).isEqualTo(renderer.png(first));
        assertThat(generator.scene(43, 17)).isNotEqualTo(first);
        assertThat(generator.scene(42, 18)).isNotEqualTo(first);
    }

    @Test
    void theImageShowsEveryObjectInItsColourAtItsPositionAndShape() {
        for (int i = 0; i < 50; i++) {
            Scene scene = generator.scene(3, i);
            BufferedImage image = renderer.render(scene);
            assertThat(image.getWidth()).isEqualTo(75);
            int colouredPixels = 0;
            for (int y = 0; y < 75; y++) {
                for (int x = 0; x < 75; x++) {
                    if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                        colouredPixels++;
                    }
                }
            }
            int expected = 0;
            for (SceneObject object : scene.objects()) {
                int rgb = object.colour().rgb().getRGB() & 0xffffff;
                assertThat(image.getRGB(object.centreX(), object.centreY()) & 0xffffff).isEqualTo(rgb);
                int s = object.size();
                // a square fills its corners, a circle does not
                int corner = image.getRGB(object.centreX() - s, object.centreY() - s) & 0xffffff;
                if (object.shape() == ObjectShape.SQUARE) {
                    assertThat(corner).isEqualTo(rgb);
                } else {
                    assertThat(corner).isEqualTo(0xffffff);
                }
                int pixels = 0;
                for (int y = object.centreY() - s; y < object.centreY() + s; y++) {
                    for (int x = object.centreX() - s; x < object.centreX() + s; x++) {
                        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                            pixels++;
                        }
                    }
                }
                assertThat(pixels).isBetween(object.shape() == ObjectShape.SQUARE ? 100 : 60,
                        object.shape() == ObjectShape.SQUARE ? 100 : 90);
                expected += pixels;
            }
            assertThat(colouredPixels).as("nothing drawn but the objects").isEqualTo(expected);
        }
    }

    @Test
    void rgbPlanesHoldTheChannelsInOrder() {
        Scene scene = generator.scene(1, 1);
        float[] planes = SceneRenderer.rgbPlanes(renderer.render(scene));
        assertThat(planes).hasSize(3 * 75 * 75);
        SceneObject red = scene.require(SceneColour.RED);
        int at = red.centreY() * 75 + red.centreX();
        assertThat(planes[at]).isEqualTo(1f);
        assertThat(planes[75 * 75 + at]).isEqualTo(0f);
        assertThat(planes[2 * 75 * 75 + at]).isEqualTo(0f);
    }

    @Test
    void closestAndFurthestAreNeverTied() {
        for (int i = 0; i < 300; i++) {
            Scene scene = generator.scene(11, i);
            for (SceneObject object : scene.objects()) {
                long nearest = object.squaredDistanceTo(scene.closestTo(object));
                long farthest = object.squaredDistanceTo(scene.furthestFrom(object));
                long tiedNearest = scene.objects().stream().filter(o -> o != object)
                        .filter(o -> object.squaredDistanceTo(o) == nearest).count();
                long tiedFarthest = scene.objects().stream().filter(o -> o != object)
                        .filter(o -> object.squaredDistanceTo(o) == farthest).count();
                assertThat(tiedNearest).isEqualTo(1);
                assertThat(tiedFarthest).isEqualTo(1);
            }
        }
    }

    @Test
    void specsThatCannotBeDrawnAreRefused() {
        assertThatThrownBy(() -> spec.withObjectCount(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> spec.withImageSize(75, 5, 10)).hasMessageContaining("overlap");
        assertThatThrownBy(() -> spec.withImageSize(20, 5, 15)).hasMessageContaining("fit");
    }

    @Test
    void positionsAndShapesVary() {
        Set<Integer> xs = new HashSet<>();
        Set<ObjectShape> shapes = EnumSet.noneOf(ObjectShape.class);
        for (int i = 0; i < 100; i++) {
            for (SceneObject object : generator.scene(5, i).objects()) {
                xs.add(object.centreX());
                shapes.add(object.shape());
            }
        }
        assertThat(xs.size()).isGreaterThan(50);
        assertThat(shapes).containsExactlyInAnyOrder(ObjectShape.values());
        assertThat(List.of(ObjectShape.values())).hasSize(2);
    }
}
