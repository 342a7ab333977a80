package io.thalamus.diffusion.model;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import io.thalamus.model.SavedBlock;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A UNet (the full base model or a sliced sub-network) on DJL's PyTorch engine, with its description: the
 * architecture and which gates the network keeps. Weights are {@value #WEIGHTS}, the description {@value
 * #DESCRIPTION}.
 */
public final class DiffusionModel implements AutoCloseable {

    public static final String WEIGHTS = "unet.params";
    public static final String DESCRIPTION = "unet.properties";
    public static final String ENGINE = "PyTorch";

    private final Model model;
    private final GatedUNet net;

    private DiffusionModel(Model model, GatedUNet net) {
        this.model = model;
        this.net = net;
    }

    /** A new network of that structure with freshly initialised weights. */
    public static DiffusionModel create(SubNetwork structure) {
        Model model = Model.newInstance("unet", ENGINE);
        GatedUNet net = new GatedUNet(structure);
        model.setBlock(net);
        int size = structure.layout().architecture().imageSize();
        net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, size, size));
        return new DiffusionModel(model, net);
    }

    /** The sub-network cut out of a full model, its weights sliced from the full model's. */
    public static DiffusionModel slice(DiffusionModel full, SubNetwork structure) {
        DiffusionModel sliced = create(structure);
        sliced.net.sliceFrom(full.net);
        return sliced;
    }

    public static DiffusionModel fromDirectory(Path directory) {
        return SavedBlock.read(directory, DESCRIPTION, WEIGHTS, DiffusionModel::load);
    }

    /** Loads a model from a classpath folder such as {@code diffusion/base}. */
    public static DiffusionModel fromClasspath(String folder) {
        return SavedBlock.readClasspath(folder, DESCRIPTION, WEIGHTS, DiffusionModel::load,
                "train one with ./thalamus train-diffusion");
    }

    private static DiffusionModel load(Properties description, InputStream weights) {
        GateLayout layout = new GateLayout(UNetArchitecture.load(description));
        String kept = description.getProperty("kept-gates", "");
        SubNetwork structure = kept.isEmpty() ? SubNetwork.full(layout) : SubNetwork.fromBits(layout, kept);
        DiffusionModel created = create(structure);
        SavedBlock.loadParameters(created.net, created.model.getNDManager(), weights, "the diffusion model", created);
        return created;
    }

    /**
     * These weights as a network with another prediction target, to train them on towards it (they keep what they
     * learned of images and prompts); this model is closed. Returns this model when it already predicts that.
     */
    public DiffusionModel predicting(Prediction prediction) {
        UNetArchitecture architecture = net.architecture();
        if (architecture.prediction() == prediction) {
            return this;
        }
        GateLayout layout = new GateLayout(architecture.predicting(prediction));
        DiffusionModel retargeted = create(SubNetwork.fromBits(layout, net.structure().bits()));
        copyWeightsTo(retargeted);
        close();
        return retargeted;
    }

    /** Copies the weights into a network of the same structure. */
    public void copyWeightsTo(DiffusionModel other) {
        ParameterList source = net.getParameters();
        ParameterList target = other.net.getParameters();
        for (int p = 0; p < source.size(); p++) {
            target.valueAt(p).getArray().set(source.valueAt(p).getArray().toFloatArray());
        }
    }

    /** Writes the weights and the description into a folder. */
    public void save(Path directory) {
        Properties properties = new Properties();
        net.architecture().store(properties);
        properties.setProperty("kept-gates", net.structure().bits());
        SavedBlock.write(directory, WEIGHTS, net, DESCRIPTION, properties, "text-conditioned UNet (diffusion-pruner)");
    }

    public Model model() {
        return model;
    }

    public GatedUNet net() {
        return net;
    }

    @Override
    public void close() {
        model.close();
    }
}
