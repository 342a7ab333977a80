package io.thalamus.diffusion.judge;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.thalamus.diffusion.data.BitmapFont;
import io.thalamus.diffusion.data.PlacedShape;
import io.thalamus.model.SavedBlock;
import io.thalamus.scenes.SceneColour;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The trained judge on DJL's PyTorch engine: reads batches of images and says what each shows, with its feature
 * vector. Weights are {@value #WEIGHTS}, their description {@value #DESCRIPTION}; the committed judge is the
 * classpath folder {@value #FOLDER}. Forward passes are serialised.
 */
public final class ImageJudge implements AutoCloseable {

    public static final String FOLDER = "diffusion/judge";
    public static final String WEIGHTS = "judge.params";
    public static final String DESCRIPTION = "judge.properties";
    public static final String ENGINE = "PyTorch";

    private static final int CHUNK = 256;

    private final Model model;
    private final JudgeNetwork network;

    private ImageJudge(Model model, JudgeNetwork network) {
        this.model = model;
        this.network = network;
    }

    /** A new judge with freshly initialised weights. */
    public static ImageJudge create(JudgeArchitecture architecture) {
        Model model = Model.newInstance("judge", ENGINE);
        JudgeNetwork network = new JudgeNetwork(architecture);
        model.setBlock(network);
        int size = architecture.imageSize();
        network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, size, size));
        return new ImageJudge(model, network);
    }

    /** The committed judge. */
    public static ImageJudge fromClasspath() {
        return fromClasspath(FOLDER);
    }

    public static ImageJudge fromClasspath(String folder) {
        return SavedBlock.readClasspath(folder, DESCRIPTION, WEIGHTS, ImageJudge::load,
                "train one with ./thalamus train-judge");
    }

    /** Whether the committed judge is on the classpath. */
    public static boolean onClasspath() {
        ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                ImageJudge.class.getClassLoader());
        return loader.getResource(FOLDER + "/" + DESCRIPTION) != null
                && loader.getResource(FOLDER + "/" + WEIGHTS) != null;
    }

    public static ImageJudge fromDirectory(Path directory) {
        return SavedBlock.read(directory, DESCRIPTION, WEIGHTS, ImageJudge::load);
    }

    private static ImageJudge load(Properties properties, InputStream weights) {
        String alphabet = properties.getProperty("alphabet", "");
        String colours = properties.getProperty("colours", "");
        if (!alphabet.equals(BitmapFont.ALPHABET) || !colours.equals(colourNames())) {
            throw new IllegalStateException("the judge was trained for the alphabet '" + alphabet + "' and colours "
                    + colours + ", not '" + BitmapFont.ALPHABET + "' and " + colourNames());
        }
        ImageJudge created = create(JudgeArchitecture.load(properties));
        SavedBlock.loadParameters(created.network, created.model.getNDManager(), weights, "the image judge", created);
        return created;
    }

    /** Writes the weights and their description into a folder. */
    public void save(Path directory) {
        Properties properties = new Properties();
        network.architecture().store(properties);
        properties.setProperty("alphabet", BitmapFont.ALPHABET);
        properties.setProperty("colours", colourNames());
        properties.setProperty("cell-classes", "empty, then colour x shape x size in enum order");
        SavedBlock.write(directory, WEIGHTS, network, DESCRIPTION, properties,
                "image judge of generated layouts (JudgeNetwork)");
    }

    private static String colourNames() {
        return String.join(",", Arrays.stream(SceneColour.values()).map(SceneColour::word).toList());
    }

    /** What each image shows: images as RGB planes in [0, 1], {@code 3·size·size} values each. */
    public synchronized List<Judgement> judge(List<float[]> images) {
        List<Judgement> judgements = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += CHUNK) {
            judgements.addAll(judgeChunk(images.subList(from, Math.min(images.size(), from + CHUNK))));
        }
        return judgements;
    }

    private List<Judgement> judgeChunk(List<float[]> images) {
        int size = network.architecture().imageSize();
        int pixels = 3 * size * size;
        int count = images.size();
        if (count == 0) {
            return List.of();
        }
        float[] data = new float[count * pixels];
        for (int i = 0; i < count; i++) {
            if (images.get(i).length != pixels) {
                throw new IllegalArgumentException("image " + i + " has " + images.get(i).length
                        + " values; the judge takes " + pixels);
            }
            System.arraycopy(images.get(i), 0, data, i * pixels, pixels);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList out = network.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(data, new Shape(count, 3, size, size))), false);
            float[] cells = out.get(0).toFloatArray();
            float[] kinds = out.get(1).toFloatArray();
            float[] characters = out.get(2).toFloatArray();
            float[] colours = out.get(3).toFloatArray();
            float[] features = out.get(4).toFloatArray();
            int width = network.architecture().features();
            List<Judgement> judgements = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                List<Optional<SeenShape>> seen = new ArrayList<>(PlacedShape.CELLS);
                for (int cell = 0; cell < PlacedShape.CELLS; cell++) {
                    int offset = (i * PlacedShape.CELLS + cell) * SeenShape.CLASSES;
                    seen.add(SeenShape.ofClass(argmax(cells, offset, SeenShape.CLASSES)));
                }
                List<Optional<Character>> slots = new ArrayList<>(Judgement.SLOTS);
                for (int slot = 0; slot < Judgement.SLOTS; slot++) {
                    int offset = (i * Judgement.SLOTS + slot) * JudgeNetwork.SLOT_CLASSES;
                    slots.add(Judgement.slotOfClass(argmax(characters, offset, JudgeNetwork.SLOT_CLASSES)));
                }
                boolean showsCharacters = argmax(kinds, i * JudgeNetwork.KINDS, JudgeNetwork.KINDS) == 1;
                SceneColour colour = SceneColour.values()[argmax(colours, i * JudgeNetwork.COLOURS,
                        JudgeNetwork.COLOURS)];
                judgements.add(new Judgement(showsCharacters, seen, slots, colour,
                        Arrays.copyOfRange(features, i * width, (i + 1) * width)));
            }
            return judgements;
        }
    }

    private static int argmax(float[] values, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    public Model model() {
        return model;
    }

    public JudgeNetwork network() {
        return network;
    }

    @Override
    public void close() {
        model.close();
    }
}
