package io.thalamus.vision.scene;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.thalamus.model.SavedBlock;
import io.thalamus.model.Standardisation;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The scene VQA network on DJL's PyTorch engine with its answer vocabulary: loads and saves the weights
 * ({@value #WEIGHTS}) and their description ({@value #DESCRIPTION}), and answers batches of (image, question
 * vector) pairs. Forward passes are serialised: the expert runs one batch at a time.
 */
public final class SceneVqaModel implements AutoCloseable {

    public static final String WEIGHTS = "scene-vqa.params";
    public static final String DESCRIPTION = "scene-vqa.properties";
    public static final String ENGINE = "PyTorch";

    private final Model model;
    private final SceneVqaBlock block;
    private final List<String> answers;
    private final String encoder;
    private final Standardisation questions;

    private SceneVqaModel(Model model, SceneVqaBlock block, List<String> answers, String encoder,
                          Standardisation questions) {
        this.model = model;
        this.block = block;
        this.answers = List.copyOf(answers);
        this.encoder = encoder;
        this.questions = questions;
    }

    /**
     * A new, untrained network (weights are initialised by the trainer).
     *
     * @param questions the standardisation of the training questions' sentence vectors: questions differ from each
     *                  other in a small part of the sentence space (the colour and relation words)
     */
    public static SceneVqaModel create(SceneVqaArchitecture architecture, List<String> answers, String encoder,
                                       Standardisation questions) {
        if (answers.size() != architecture.answers()) {
            throw new IllegalArgumentException(answers.size() + " answers for a network with "
                    + architecture.answers() + " outputs");
        }
        if (questions.dimension() != architecture.questionDimension()) {
            throw new IllegalArgumentException("the question standardisation must have "
                    + architecture.questionDimension() + " values");
        }
        Model model = Model.newInstance("scene-vqa", ENGINE);
        SceneVqaBlock block = new SceneVqaBlock(architecture);
        model.setBlock(block);
        return new SceneVqaModel(model, block, answers, encoder, questions);
    }

    /** The sentence vector standardised the way the network takes it. */
    public float[] standardise(float[] question) {
        return questions.apply(question);
    }

    /** Loads {@value #DESCRIPTION} and {@value #WEIGHTS} from a classpath folder such as {@code scene-vqa}. */
    public static SceneVqaModel fromClasspath(String folder) {
        return SavedBlock.readClasspath(folder, DESCRIPTION, WEIGHTS, SceneVqaModel::load,
                "train one with ./thalamus train-scene-vqa");
    }

    public static SceneVqaModel fromDirectory(Path directory) {
        return SavedBlock.read(directory, DESCRIPTION, WEIGHTS, SceneVqaModel::load);
    }

    private static SceneVqaModel load(Properties properties, InputStream weights) {
        SceneVqaArchitecture architecture = SceneVqaArchitecture.load(properties);
        List<String> answers = Arrays.asList(properties.getProperty("answer-vocabulary", "").split(","));
        SceneVqaModel created = create(architecture, answers, properties.getProperty("encoder", ""),
                Standardisation.load(properties, "question"));
        SavedBlock.loadParameters(created.block, created.model.getNDManager(), weights, "the scene VQA model", created);
        return created;
    }

    /** Writes the weights and their description into a folder. */
    public void save(Path directory) {
        Properties properties = new Properties();
        block.architecture().store(properties);
        properties.setProperty("answer-vocabulary", String.join(",", answers));
        properties.setProperty("encoder", encoder);
        questions.store(properties, "question");
        SavedBlock.write(directory, WEIGHTS, block, DESCRIPTION, properties,
                "scene VQA network (SceneVqaBlock) and its answers");
    }

    public Model model() {
        return model;
    }

    public SceneVqaBlock block() {
        return block;
    }

    public SceneVqaArchitecture architecture() {
        return block.architecture();
    }

    /** The possible answers, in the order of the network's outputs. */
    public List<String> answers() {
        return answers;
    }

    /** Name of the sentence encoder the model was trained with (its question vectors must come from it). */
    public String encoder() {
        return encoder;
    }

    /**
     * Answer probabilities for each (image, question) pair: images as RGB planes in [0, 1]
     * ({@code 3·size·size} values), questions as sentence vectors.
     */
    public synchronized float[][] predict(List<float[]> images, List<float[]> questions) {
        if (images.size() != questions.size()) {
            throw new IllegalArgumentException(images.size() + " images for " + questions.size() + " questions");
        }
        int count = images.size();
        if (count == 0) {
            return new float[0][];
        }
        SceneVqaArchitecture architecture = architecture();
        int size = architecture.imageSize();
        int pixels = 3 * size * size;
        int dimension = architecture.questionDimension();
        float[] imageData = new float[count * pixels];
        float[] questionData = new float[count * dimension];
        for (int i = 0; i < count; i++) {
            if (images.get(i).length != pixels || questions.get(i).length != dimension) {
                throw new IllegalArgumentException("pair " + i + " has " + images.get(i).length + " pixel values and a "
                        + questions.get(i).length + "-value question; the model takes " + pixels + " and " + dimension);
            }
            System.arraycopy(images.get(i), 0, imageData, i * pixels, pixels);
            System.arraycopy(standardise(questions.get(i)), 0, questionData, i * dimension, dimension);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray imageArray = manager.create(imageData, new Shape(count, 3, size, size));
            NDArray questionArray = manager.create(questionData, new Shape(count, dimension));
            NDArray logits = block.forward(new ParameterStore(manager, false), new NDList(imageArray, questionArray),
                    false).head();
            float[] probabilities = logits.softmax(1).toFloatArray();
            float[][] rows = new float[count][];
            int width = answers.size();
            for (int i = 0; i < count; i++) {
                rows[i] = Arrays.copyOfRange(probabilities, i * width, (i + 1) * width);
            }
            return rows;
        }
    }

    /**
     * One forward pass in training mode, which moves the batch-normalisation statistics towards those of these
     * inputs and changes nothing else. Run over enough batches after training, so that the statistics used for
     * answering are those of the final weights (the running averages collected during training lag behind them).
     */
    public synchronized void calibrate(float[] images, float[] questions, int count) {
        SceneVqaArchitecture architecture = architecture();
        int size = architecture.imageSize();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray imageArray = manager.create(images, new Shape(count, 3, size, size));
            NDArray questionArray = manager.create(questions, new Shape(count, architecture.questionDimension()));
            block.forward(new ParameterStore(manager, false), new NDList(imageArray, questionArray), true);
        }
    }

    /** Index of the most probable answer. */
    public static int best(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() {
        model.close();
    }
}
