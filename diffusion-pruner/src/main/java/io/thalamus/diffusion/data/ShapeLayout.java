package io.thalamus.diffusion.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One to four shapes, each in its own cell of the 3×3 grid, each of its own colour. */
public record ShapeLayout(List<PlacedShape> shapes) implements Layout {

    public ShapeLayout {
        shapes = List.copyOf(shapes);
        if (shapes.isEmpty() || shapes.size() > 4) {
            throw new IllegalArgumentException("a layout holds one to four shapes, not " + shapes.size());
        }
        Set<Integer> cells = new HashSet<>();
        Set<Object> colours = new HashSet<>();
        for (PlacedShape shape : shapes) {
            if (!cells.add(shape.cell()) || !colours.add(shape.colour())) {
                throw new IllegalArgumentException("shapes of a layout need distinct cells and distinct colours");
            }
        }
    }

    @Override
    public PromptKind kind() {
        return PromptKind.ofShapeCount(shapes.size());
    }
}
