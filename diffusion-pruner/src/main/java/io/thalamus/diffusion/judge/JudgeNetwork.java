package io.thalamus.diffusion.judge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
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
 * <p>Four 3×3 convolutions with batch normalisation take the image to an 8×8 map (the first at full resolution,
 * because a small disc differs from a small square only in its four corner pixels). Two paths leave the map:
 *
 * <ul>
 *   <li>Cells: every grid cell gathers the map positions over it with learned weights (initialised to the mean
 *       of the positions inside the cell), and one small classifier, shared by all cells, names its content: one
 *       of {@link SeenShape#CLASSES} classes. A shape looks the same wherever it is, so one classifier learns from
 *       every cell.</li>
 *   <li>Whole image: a fifth, stride-2 convolution to 4×4, a fully connected layer over the flattened map
 *       (character slots are tied to positions, so the positions are kept) and the feature layer, whose heads
 *       give the kind (shapes or characters), the two character slots ("none" or one of the font's twelve
 *       characters) and the text colour. A further head, used only by the training loss, predicts the cells from
 *       the features too, so that the feature vector (used for Fréchet distances) describes the shapes as well.</li>
 * </ul>
 *
 * <p>Input: images [B, 3, S, S] in [0, 1]. Output: logits of the cells [B, 9·25], kind [B, 2], characters
 * [B, 2·13] and text colour [B, 6], the features [B, F] (after their ReLU), and the cells predicted from the
 * features [B, 9·25].
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
    private final Block reduce;
    private final Parameter cellWeights;
    private final Block cellClassifier;
    private final Block features;
    private final Block featureCells;
    private final Block kind;
    private final Block characters;
    private final Block textColour;

    public JudgeNetwork(JudgeArchitecture architecture) {
        super(VERSION);
        this.architecture = architecture;
        int c = architecture.channels();
        int[][] layers = {{c, 1}, {2 * c, 2}, {2 * c, 1}, {4 * c, 2}}; // filters, stride
        SequentialBlock convolutions = new SequentialBlock();
        for (int[] layer : layers) {
            convolutions.add(convolution(layer[0], layer[1])).add(BatchNorm.builder().build()).add(Activation::relu);
        }
        trunk = addChildBlock("trunk", convolutions);
        reduce = addChildBlock("reduce", new SequentialBlock()
                .add(convolution(4 * c, 2)).add(BatchNorm.builder().build()).add(Activation::relu));
        int positions = architecture.mapSize() * architecture.mapSize();
        cellWeights = addParameter(Parameter.builder().setName("cell_weights").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(positions, PlacedShape.CELLS))
                .optInitializer((manager, shape, type) -> manager.create(cellMeans(architecture.mapSize()), shape))
                .build());
        cellClassifier = addChildBlock("cell_classifier", new SequentialBlock()
                .add(Linear.builder().setUnits(architecture.cellHidden()).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(SeenShape.CLASSES).build()));
        features = addChildBlock("features", new SequentialBlock()
                .add(Linear.builder().setUnits(architecture.hidden()).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(architecture.features()).build()).add(Activation::relu));
        featureCells = addChildBlock("feature_cells", Linear.builder().setUnits(CELL_OUTPUTS).build());
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
        NDArray map = trunk.forward(store, new NDList(images), training, params).head(); // [B, C, M, M]
        long channels = map.getShape().get(1);
        NDArray positions = map.reshape(batch, channels, -1); // [B, C, M·M]
        NDArray weights = store.getValue(cellWeights, images.getDevice(), training);
        NDArray gathered = positions.matMul(weights).transpose(0, 2, 1); // [B, 9, C]
        NDArray cellLogits = cellClassifier.forward(store, new NDList(gathered), training, params).head()
                .reshape(batch, CELL_OUTPUTS);

        NDArray small = reduce.forward(store, new NDList(map), training, params).head();
        NDArray feature = features.forward(store, new NDList(small.reshape(batch, -1)), training, params).head();
        NDList in = new NDList(feature);
        return new NDList(
                cellLogits,
                kind.forward(store, in, training, params).head(),
                characters.forward(store, in, training, params).head(),
                textColour.forward(store, in, training, params).head(),
                feature,
                featureCells.forward(store, in, training, params).head());
    }

    private static Conv2d convolution(int filters, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    /**
     * Weights [M·M, 9] that average, for every cell, the map positions whose centre lies inside it (the cells
     * split the image in thirds).
     */
    static float[] cellMeans(int mapSize) {
        int[] third = new int[mapSize];
        int[] counts = new int[3];
        for (int i = 0; i < mapSize; i++) {
            third[i] = Math.min(2, (int) ((i + 0.5) / mapSize * 3));
            counts[third[i]]++;
        }
        float[] weights = new float[mapSize * mapSize * PlacedShape.CELLS];
        for (int row = 0; row < mapSize; row++) {
            for (int column = 0; column < mapSize; column++) {
                int cell = third[row] * 3 + third[column];
                weights[(row * mapSize + column) * PlacedShape.CELLS + cell] =
                        1f / (counts[third[row]] * counts[third[column]]);
            }
        }
        return weights;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, CELL_OUTPUTS), new Shape(batch, KINDS),
                new Shape(batch, CHARACTER_OUTPUTS), new Shape(batch, COLOURS),
                new Shape(batch, architecture.features()), new Shape(batch, CELL_OUTPUTS)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int size = architecture.imageSize();
        int map = architecture.mapSize();
        int channels = 4 * architecture.channels();
        trunk.initialize(manager, dataType, new Shape(1, 3, size, size));
        reduce.initialize(manager, dataType, new Shape(1, channels, map, map));
        cellClassifier.initialize(manager, dataType, new Shape(1, PlacedShape.CELLS, channels));
        int grid = architecture.grid();
        features.initialize(manager, dataType, new Shape(1, (long) channels * grid * grid));
        Shape feature = new Shape(1, architecture.features());
        featureCells.initialize(manager, dataType, feature);
        kind.initialize(manager, dataType, feature);
        characters.initialize(manager, dataType, feature);
        textColour.initialize(manager, dataType, feature);
    }
}
