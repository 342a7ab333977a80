package io.thalamus.diffusion.aptp;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.SubNetwork;
import io.thalamus.model.SavedBlock;
import io.thalamus.model.Standardisation;
import io.thalamus.model.SentenceEncoder.TokenStates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A trained APTP router: sends a prompt to one of its K architecture codes by the plain cosine argmax between the
 * prompt's gates and the codes' gates (no transport step when serving), all gates drawn with the fixed evaluation
 * noise. Each code is a {@link SubNetwork} of the base UNet. Weights {@value #WEIGHTS}, description {@value
 * #DESCRIPTION}.
 */
public final class PromptRouter implements AutoCloseable {

    public static final String WEIGHTS = "router.params";
    public static final String DESCRIPTION = "router.properties";

    private final Model model;
    private final PromptRouterBlock block;
    private final GateFunctions gates;
    private final GateLayout layout;
    private final long evaluationSeed;
    private final double targetRatio;
    private final Standardisation promptStatistics;
    private List<SubNetwork> codes;
    private NDArray codeVectors;

    private PromptRouter(Model model, PromptRouterBlock block, GateLayout layout, long evaluationSeed,
                         double targetRatio, Standardisation promptStatistics) {
        this.model = model;
        this.block = block;
        this.layout = layout;
        this.gates = new GateFunctions(layout);
        this.evaluationSeed = evaluationSeed;
        this.targetRatio = targetRatio;
        this.promptStatistics = promptStatistics;
    }

    /**
     * A new router with initial weights, for training.
     *
     * @param promptStatistics standardisation of the prompts' pooled vectors (image prompts are close to each other
     *                         in sentence space; standardised, their differences drive the head)
     */
    public static PromptRouter create(GateLayout layout, int codeCount, long seed, long evaluationSeed,
                                      double targetRatio, Standardisation promptStatistics) {
        int promptDimension = promptStatistics.dimension();
        Model model = Model.newInstance("aptp-router", "PyTorch");
        PromptRouterBlock block = new PromptRouterBlock(promptDimension, layout.size(), codeCount, seed);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, promptDimension));
        return new PromptRouter(model, block, layout, evaluationSeed, targetRatio, promptStatistics);
    }

    public static PromptRouter fromDirectory(Path directory, GateLayout layout) {
        return SavedBlock.read(directory, DESCRIPTION, WEIGHTS, (properties, weights) -> {
            int gateCount = Integer.parseInt(properties.getProperty("gates"));
            if (gateCount != layout.size()) {
                throw new IllegalStateException("the router in " + directory + " has " + gateCount
                        + " gates; the UNet has " + layout.size());
            }
            PromptRouter router = create(layout, Integer.parseInt(properties.getProperty("codes")), 0,
                    Long.parseLong(properties.getProperty("evaluation-seed")),
                    Double.parseDouble(properties.getProperty("target-ratio")),
                    Standardisation.load(properties, "prompt"));
            SavedBlock.loadParameters(router.block, router.model.getNDManager(), weights, "the APTP router", router);
            return router;
        });
    }

    public void save(Path directory) {
        Properties properties = new Properties();
        properties.setProperty("codes", Integer.toString(block.codeCount()));
        properties.setProperty("prompt-dimension", Integer.toString(promptDimension()));
        promptStatistics.store(properties, "prompt");
        properties.setProperty("gates", Integer.toString(layout.size()));
        properties.setProperty("evaluation-seed", Long.toString(evaluationSeed));
        properties.setProperty("target-ratio", Double.toString(targetRatio));
        SavedBlock.write(directory, WEIGHTS, block, DESCRIPTION, properties, "APTP prompt router");
    }

    /** Length of the prompt vectors the head reads. */
    public int promptDimension() {
        return promptStatistics.dimension();
    }

    public Model model() {
        return model;
    }

    public PromptRouterBlock block() {
        return block;
    }

    public GateFunctions gates() {
        return gates;
    }

    public double targetRatio() {
        return targetRatio;
    }

    public int codeCount() {
        return block.codeCount();
    }

    /** The codes as sub-networks, under the fixed evaluation noise. */
    public synchronized List<SubNetwork> codes() {
        if (codes == null) {
            NDManager manager = model.getNDManager();
            NDArray logits = block.forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(new Shape(1, promptDimension()))), false).get(1);
            NDArray hard = gates.hard(gates.soft(logits, gates.noise(manager, codeCount(), evaluationSeed)));
            codeVectors = gates.similarityVectors(hard);
            float[] values = hard.toFloatArray();
            List<SubNetwork> list = new ArrayList<>();
            for (int k = 0; k < codeCount(); k++) {
                float[] row = new float[layout.size()];
                System.arraycopy(values, k * layout.size(), row, 0, layout.size());
                list.add(SubNetwork.fromGates(layout, row));
            }
            codes = List.copyOf(list);
        }
        return codes;
    }

    /** The folder beside the router that holds the network all codes were fine-tuned in together, if they were. */
    public static final String SHARED_FOLDER = "shared";

    /** The folder beside the router that holds a code's fine-tuned network, {@code code-<k>}. */
    public static String codeFolder(int code) {
        return "code-" + code;
    }

    /**
     * The fine-tuned network of each code that has one, by code, read from the router's folder: the code's own
     * ({@link #codeFolder}), else its slice of the network the codes were fine-tuned in together ({@link
     * #SHARED_FOLDER}), which is read only if a code needs it. The caller closes them.
     */
    public Map<Integer, DiffusionModel> fineTunedCodes(Path routerDirectory) {
        return fineTunedCodes(folder -> Files.isDirectory(routerDirectory.resolve(folder))
                ? Optional.of(DiffusionModel.fromDirectory(routerDirectory.resolve(folder)))
                : Optional.empty());
    }

    /**
     * As {@link #fineTunedCodes(Path)}, with the router's folders read by {@code folders} (a folder name relative to
     * the router's, such as {@code code-3}, to its model if it has one).
     */
    public Map<Integer, DiffusionModel> fineTunedCodes(Function<String, Optional<DiffusionModel>> folders) {
        Map<Integer, DiffusionModel> models = new TreeMap<>();
        try {
            for (int k = 0; k < codes().size(); k++) {
                Optional<DiffusionModel> own = folders.apply(codeFolder(k));
                if (own.isPresent()) {
                    models.put(k, own.get());
                    if (!own.get().net().structure().equals(codes().get(k))) {
                        throw new IllegalStateException("the weights in " + codeFolder(k)
                                + " are not that code's sub-network");
                    }
                }
            }
            if (models.size() < codes().size()) {
                Optional<DiffusionModel> shared = folders.apply(SHARED_FOLDER);
                try {
                    shared.ifPresent(network -> {
                        for (int k = 0; k < codes().size(); k++) {
                            if (!models.containsKey(k)) {
                                models.put(k, DiffusionModel.slice(network, codes().get(k)));
                            }
                        }
                    });
                } finally {
                    shared.ifPresent(DiffusionModel::close);
                }
            }
        } catch (RuntimeException e) {
            models.values().forEach(DiffusionModel::close);
            throw e;
        }
        return models;
    }

    /** The code of a prompt, from its token vectors. */
    public int route(TokenStates prompt) {
        return route(pooled(prompt));
    }

    /** The code of a prompt, from its pooled sentence vector. */
    public int route(float[] pooledPrompt) {
        List<SubNetwork> all = codes();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray own = gates.similarityVectors(promptGates(manager, pooledPrompt));
            float[] similarity = own.matMul(codeVectors.transpose()).toFloatArray();
            int best = 0;
            for (int k = 1; k < all.size(); k++) {
                if (similarity[k] > similarity[best]) {
                    best = k;
                }
            }
            return best;
        }
    }

    /**
     * The prompt's own sub-network: the head's hard gates for it, under the evaluation noise. Per-prompt dynamic
     * pruning runs every prompt on its own one (no code, no batching).
     */
    public SubNetwork ownSubNetwork(float[] pooledPrompt) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            return SubNetwork.fromGates(layout, promptGates(manager, pooledPrompt).toFloatArray());
        }
    }

    private NDArray promptGates(NDManager manager, float[] pooledPrompt) {
        NDArray z = manager.create(standardise(pooledPrompt)).expandDims(0);
        NDArray logits = block.forward(new ParameterStore(manager, false), new NDList(z), false).head();
        return gates.hard(gates.soft(logits, gates.noise(manager, 1, evaluationSeed)));
    }

    /** The head's input for a prompt's pooled vector. */
    public float[] standardise(float[] pooledPrompt) {
        return promptStatistics.apply(pooledPrompt);
    }

    /** Mask-weighted mean of a prompt's token vectors, not normalised: the router's input. */
    public static float[] pooled(TokenStates states) {
        float[] vector = new float[states.dimension()];
        for (int t = 0; t < states.tokens(); t++) {
            for (int d = 0; d < vector.length; d++) {
                vector[d] += states.values()[t * vector.length + d];
            }
        }
        for (int d = 0; d < vector.length; d++) {
            vector[d] /= states.tokens();
        }
        return vector;
    }

    @Override
    public void close() {
        model.close();
    }
}
