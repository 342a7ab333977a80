package io.thalamus.diffusion.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
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
        try (InputStream description = Files.newInputStream(directory.resolve(DESCRIPTION));
             InputStream weights = Files.newInputStream(directory.resolve(WEIGHTS))) {
            return load(description, weights);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the diffusion model in " + directory, e);
        }
    }

    /** Loads a model from a classpath folder such as {@code diffusion/base}. */
    public static DiffusionModel fromClasspath(String folder) {
        ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                DiffusionModel.class.getClassLoader());
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        try (InputStream description = loader.getResourceAsStream(prefix + DESCRIPTION);
             InputStream weights = loader.getResourceAsStream(prefix + WEIGHTS)) {
            if (description == null || weights == null) {
                throw new IllegalArgumentException("no diffusion model on the classpath at " + prefix + " (needs "
                        + DESCRIPTION + " and " + WEIGHTS + ")");
            }
            return load(description, weights);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the diffusion model at " + prefix, e);
        }
    }

    private static DiffusionModel load(InputStream description, InputStream weights) throws IOException {
        Properties properties = new Properties();
        properties.load(new InputStreamReader(description, StandardCharsets.UTF_8));
        UNetArchitecture architecture = UNetArchitecture.load(properties);
        GateLayout layout = new GateLayout(architecture);
        String kept = properties.getProperty("kept-gates", "");
        SubNetwork structure = kept.isEmpty() ? SubNetwork.full(layout) : SubNetwork.fromBits(layout, kept);
        DiffusionModel created = create(structure);
        try {
            created.net.loadParameters(created.model.getNDManager(),
                    new DataInputStream(new BufferedInputStream(weights)));
        } catch (MalformedModelException | RuntimeException e) {
            created.close();
            throw new IllegalStateException("the diffusion weights do not fit their description", e);
        }
        return created;
    }

    /** Writes the weights and the description into a folder (each file replaced whole). */
    public void save(Path directory) {
        try {
            Files.createDirectories(directory);
            Path weights = directory.resolve(WEIGHTS + ".tmp");
            try (OutputStream out = Files.newOutputStream(weights);
                 DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
                net.saveParameters(data);
            }
            Files.move(weights, directory.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Properties properties = new Properties();
            net.architecture().store(properties);
            properties.setProperty("kept-gates", net.structure().bits());
            Path description = directory.resolve(DESCRIPTION + ".tmp");
            try (var writer = Files.newBufferedWriter(description, StandardCharsets.UTF_8)) {
                properties.store(writer, "text-conditioned UNet (diffusion-pruner)");
            }
            Files.move(description, directory.resolve(DESCRIPTION), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the diffusion model to " + directory, e);
        }
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
