package io.thalamus.diffusion.judge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.thalamus.diffusion.data.BitmapFont;
import io.thalamus.diffusion.data.PlacedShape;
import io.thalamus.scenes.SceneColour;

/**
 * The judge: a small CNN that reads an image and says what it shows.
 *
 * <p>Five 3×3 convolutions with batch normalisation (32×32 → 16×16 → 8×8 → 4×4; the first at full resolution,
 * because a small disc differs from a small square only in its four corner pixels), a fully connected layer over
 * the flattened 4×4 map (cells and character slots are tied to positions, so the positions are kept), and the
 * feature layer. Heads on the features:
 *
 * <ul>
 *   <li>cells: [B, 9·25], for each grid cell one of {@link SeenShape#CLASSES} classes;</li>
 *   <li>kind: [B, 2], shapes (0) or characters (1);</li>
 *   <li>characters: [B, 2·13], for each slot "none" or one of the font's twelve characters;</li>
 *   <li>text colour: [B, 6].</li>
 * </ul>
 *
 * <p>Input: images [B, 3, S, S] in [0, 1]. Output: the four heads' logits in that order, then the features
 * [B, F] (after their ReLU).
 */
public final class JudgeNetwork extends AbstractBlock {

    public static final int CELL_OUTPUTS = PlacedShape.CELLS * SeenShape.CLASSES;
    public static final int KINDS = 2;
    public static final int SLOT_CLASSES = 1 + BitmapFont.ALPHABET.length();
    public static final int CHARACTER_OUTPUTS = Judgement.SLOTS * SLOT_CLASSES;
    public static final int COLOURS = SceneColour.values().length;

    private static final byte VERSION = 1;

    private final JudgeArchitecture architecture;
    private final Block trunk;
    private final Block features;
    private final Block cells;
    private final Block kind;
    private final Block characters;
    private final Block textColour;

    public JudgeNetwork(JudgeArchitecture architecture) {
        super(VERSION);
        this.architecture = architecture;
        int c = architecture.channels();
        int[][] layers = {{c, 1}, {2 * c, 2}, {2 * c, 1}, {4 * c, 2}, {4 * c, 2}}; // filters, stride
        SequentialBlock convolutions = new SequentialBlock();
        for (int[] layer : layers) {
            convolutions.add(Conv2d.builder().setKernelShape(new Shape(3, 3))
                            .optStride(new Shape(layer[1], layer[1])).optPadding(new Shape(1, 1))
                            .setFilters(layer[0]).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
        }
        trunk = addChildBlock("trunk", convolutions);
        features = addChildBlock("features", new SequentialBlock()
                .add(Linear.builder().setUnits(architecture.hidden()).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(architecture.features()).build()).add(Activation::relu));
        cells = addChildBlock("cells", Linear.builder().setUnits(CELL_OUTPUTS).build());
        kind = addChildBlock("kind", Linear.builder().setUnits(KINDS).build());
        characters = addChildBlock("characters", Linear.builder().setUnits(CHARACTER_OUTPUTS).build());
        textColour = addChildBlock("text_colour", Linear.builder().setUnits(COLOURS).build());
    }

    public JudgeArchitecture architecture() {
        return architecture;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray images = inputs.head();
        long batch = images.getShape().get(0);
        NDArray map = trunk.forward(store, new NDList(images), training, params).head();
        NDArray flat = map.reshape(batch, -1);
        NDArray feature = features.forward(store, new NDList(flat), training, params).head();
        NDList in = new NDList(feature);
        return new NDList(
                cells.forward(store, in, training, params).head(),
                kind.forward(store, in, training, params).head(),
                characters.forward(store, in, training, params).head(),
                textColour.forward(store, in, training, params).head(),
                feature);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, CELL_OUTPUTS), new Shape(batch, KINDS),
                new Shape(batch, CHARACTER_OUTPUTS), new Shape(batch, COLOURS),
                new Shape(batch, architecture.features())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int size = architecture.imageSize();
        int grid = architecture.grid();
        trunk.initialize(manager, dataType, new Shape(1, 3, size, size));
        features.initialize(manager, dataType, new Shape(1, 4L * architecture.channels() * grid * grid));
        Shape feature = new Shape(1, architecture.features());
        cells.initialize(manager, dataType, feature);
        kind.initialize(manager, dataType, feature);
        characters.initialize(manager, dataType, feature);
        textColour.initialize(manager, dataType, feature);
    }
}
