package io.thalamus.vision.scene;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Answers a question about an image from its pixels and the question's sentence vector.
 *
 * <ol>
 *   <li>A CNN (four 3×3 convolutions, three of stride 2) turns the image into a grid of cells; each cell gets the
 *       average colour of its neighbourhood (the image average-pooled the way the convolutions stride) and its
 *       (x, y) coordinates appended.</li>
 *   <li>Subject: additive attention over the cells, conditioned on the question, reads the object the question is
 *       about (its features and position).</li>
 *   <li>Relations: as in a Relation Network, a function g of (cell, subject, question) is applied to every cell —
 *       the pairs that matter are those with the subject, so only those are formed (N pairs instead of N²), and g
 *       also sees the cell's offset and distance from the subject; its outputs are both summed (counting) and
 *       pooled by a second attention (closest/furthest object).</li>
 *   <li>f: an MLP over the pooled relations, the subject and the question scores every possible answer.</li>
 * </ol>
 *
 * <p>Inputs: images [B, 3, S, S] in [0, 1] and question vectors [B·K, D], the K questions of image b in rows
 * b·K … b·K+K−1. Output: answer logits [B·K, answers].
 */
public final class SceneVqaBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SceneVqaArchitecture architecture;
    private final Block cnn;
    private final Block question;
    private final Block attentionCell;
    private final Block attentionQuestion;
    private final Block attentionScore;
    private final Block relationCell;
    private final Block relationGeometry;
    private final Block relationSubject;
    private final Block relationQuestion;
    private final Block relationHidden;
    private final Block relationScore;
    private final Block answer;

    public SceneVqaBlock(SceneVqaArchitecture architecture) {
        super(VERSION);
        this.architecture = architecture;
        int h = architecture.hidden();
        SequentialBlock convolutions = new SequentialBlock();
        for (int layer = 0; layer < 4; layer++) {
            int stride = layer < 3 ? 2 : 1;
            convolutions.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                            .optPadding(new Shape(1, 1)).setFilters(architecture.channels()).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
        }
        cnn = addChildBlock("cnn", convolutions);
        question = addChildBlock("question", new SequentialBlock()
                .add(Linear.builder().setUnits(h).build()).add(Activation::relu));
        attentionCell = addChildBlock("attention_cell", Linear.builder().setUnits(h).build());
        attentionQuestion = addChildBlock("attention_question", Linear.builder().setUnits(h).build());
        attentionScore = addChildBlock("attention_score", Linear.builder().setUnits(1).build());
        relationCell = addChildBlock("relation_cell", Linear.builder().setUnits(h).build());
        relationGeometry = addChildBlock("relation_geometry", Linear.builder().setUnits(h).optBias(false).build());
        relationSubject = addChildBlock("relation_subject", Linear.builder().setUnits(h).optBias(false).build());
        relationQuestion = addChildBlock("relation_question", Linear.builder().setUnits(h).optBias(false).build());
        relationHidden = addChildBlock("relation_hidden", new SequentialBlock()
                .add(Linear.builder().setUnits(h).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(h).build()).add(Activation::relu));
        relationScore = addChildBlock("relation_score", Linear.builder().setUnits(1).build());
        answer = addChildBlock("answer", new SequentialBlock()
                .add(Linear.builder().setUnits(2 * h).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(h).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(architecture.answers()).build()));
    }

    public SceneVqaArchitecture architecture() {
        return architecture;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray images = inputs.get(0);
        NDArray questions = inputs.get(1);
        long batch = images.getShape().get(0);
        long asked = questions.getShape().get(0);
        if (asked % batch != 0) {
            throw new IllegalArgumentException(asked + " questions cannot be shared by " + batch + " images");
        }
        long perImage = asked / batch;

        NDArray features = cnn.forward(store, new NDList(images), training, params).head(); // [B, C, G, G]
        long channels = features.getShape().get(1);
        long cells = features.getShape().get(2) * features.getShape().get(3);
        NDArray grid = features.reshape(batch, channels, cells).transpose(0, 2, 1); // [B, N, C]
        NDArray colours = images;
        for (int i = 0; i < 3; i++) {
            colours = Pool.avgPool2d(colours, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false, false);
        }
        NDArray cellColours = colours.reshape(batch, 3, cells).transpose(0, 2, 1); // [B, N, 3]
        NDArray coordinates = coordinates(images.getManager(), (int) features.getShape().get(2))
                .expandDims(0).broadcast(batch, cells, 2);
        NDArray objects = NDArrays.concat(new NDList(grid, cellColours, coordinates), 2); // [B, N, C+5]
        if (perImage > 1) {
            objects = objects.repeat(0, perImage); // [B·K, N, C+5]
        }

        NDArray q = question.forward(store, new NDList(questions), training, params).head(); // [BK, H]

        NDArray attention = Activation.relu(apply(attentionCell, store, objects, training, params)
                .add(apply(attentionQuestion, store, q, training, params).expandDims(1)));
        NDArray subjectWeights = apply(attentionScore, store, attention, training, params).squeeze(2).softmax(1);
        NDArray subject = objects.mul(subjectWeights.expandDims(2)).sum(new int[] {1}); // [BK, C+5]

        NDArray context = apply(relationSubject, store, subject, training, params)
                .add(apply(relationQuestion, store, q, training, params));
        NDArray relations = Activation.relu(apply(relationCell, store, objects, training, params)
                .add(apply(relationGeometry, store, geometry(objects, subject), training, params))
                .add(context.expandDims(1)));
        relations = apply(relationHidden, store, relations, training, params); // [BK, N, H]
        NDArray relationWeights = apply(relationScore, store, relations, training, params).squeeze(2).softmax(1);
        NDArray attended = relations.mul(relationWeights.expandDims(2)).sum(new int[] {1});
        NDArray summed = relations.sum(new int[] {1}).div(Math.sqrt(cells));

        NDArray joined = concat(attended, summed, subject, q);
        return new NDList(apply(answer, store, joined, training, params));
    }

    private static NDArray concat(NDArray... parts) {
        return NDArrays.concat(new NDList(parts), 1);
    }

    private static NDArray apply(Block block, ParameterStore store, NDArray input, boolean training,
                                 PairList<String, Object> params) {
        return block.forward(store, new NDList(input), training, params).head();
    }

    /**
     * Where every cell is seen from the attended subject: (dx, dy) and the distance, from the coordinates (the last
     * two values of a cell and of the subject). What "closest" and "furthest" are about.
     */
    private static NDArray geometry(NDArray objects, NDArray subject) {
        long width = objects.getShape().get(2);
        NDArray cellXy = objects.get(":, :, " + (width - 2) + ":");
        NDArray subjectXy = subject.get(":, " + (width - 2) + ":").expandDims(1);
        NDArray offset = cellXy.sub(subjectXy); // [BK, N, 2]
        NDArray distance = offset.square().sum(new int[] {2}, true).add(1e-6f).sqrt();
        return offset.concat(distance, 2);
    }

    /** (x, y) of every cell's centre in [-1, 1], row by row. */
    private static NDArray coordinates(NDManager manager, int side) {
        float[] values = new float[side * side * 2];
        for (int row = 0; row < side; row++) {
            for (int column = 0; column < side; column++) {
                int cell = row * side + column;
                values[2 * cell] = (column + 0.5f) / side * 2 - 1;
                values[2 * cell + 1] = (row + 0.5f) / side * 2 - 1;
            }
        }
        return manager.create(values, new Shape(side * side, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[1].get(0), architecture.answers())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int h = architecture.hidden();
        int g = architecture.grid();
        long n = (long) g * g;
        int cell = architecture.cellDimension();
        cnn.initialize(manager, dataType, new Shape(1, 3, architecture.imageSize(), architecture.imageSize()));
        question.initialize(manager, dataType, new Shape(1, architecture.questionDimension()));
        attentionCell.initialize(manager, dataType, new Shape(1, n, cell));
        attentionQuestion.initialize(manager, dataType, new Shape(1, h));
        attentionScore.initialize(manager, dataType, new Shape(1, n, h));
        relationCell.initialize(manager, dataType, new Shape(1, n, cell));
        relationGeometry.initialize(manager, dataType, new Shape(1, n, 3));
        relationSubject.initialize(manager, dataType, new Shape(1, cell));
        relationQuestion.initialize(manager, dataType, new Shape(1, h));
        relationHidden.initialize(manager, dataType, new Shape(1, n, h));
        relationScore.initialize(manager, dataType, new Shape(1, n, h));
        answer.initialize(manager, dataType, new Shape(1, 2L * h + cell + h));
    }
}
