package io.thalamus.diffusion.serving;

import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.PromptEncoder;
import io.thalamus.diffusion.serving.config.DiffusionConfig;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.model.SentenceEncoder.TokenStates;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models the text-to-image expert serves: the frozen prompt encoder, the full base UNet and the code set of the
 * current budget. Switching the budget loads the other code set (kept loaded afterwards, so switching back is
 * instant) and makes it current; requests routed under the previous set are routed again when their batch runs.
 *
 * <p>A singleton (no client proxy), so the models load at startup, before the expert reports ready.
 */
@Singleton
public class ServedModels {

    private static final Logger LOG = Logger.getLogger(ServedModels.class);

    private final DiffusionConfig config;
    private final ModelFolders folders;
    private final PromptEncoder prompts;
    private final TokenStates unconditional;
    private final DiffusionModel base;
    private final Map<Integer, CodeSet> loaded = new ConcurrentHashMap<>();
    private volatile CodeSet current;

    public ServedModels(DiffusionConfig config, SentenceEncoder encoder) {
        long start = System.nanoTime();
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
        }
        if (!PromptEncoder.ENCODER.equals(encoder.name())) {
            throw new IllegalStateException("the diffusion model was trained on token vectors of '"
                    + PromptEncoder.ENCODER + "' but the configured encoder is '" + encoder.name()
                    + "' (thalamus.encoder.model)");
        }
        this.config = config;
        this.folders = new ModelFolders(config.modelDir(), config.modelResource());
        this.prompts = new PromptEncoder(encoder, config.promptCacheSize());
        this.unconditional = prompts.encode(PromptEncoder.UNCONDITIONAL);
        this.base = folders.base();
        if (!base.net().isFull()) {
            base.close();
            throw new IllegalStateException("the base model in " + folders.describe() + "/base is a sub-network; "
                    + "codes are sliced from the full network");
        }
        if (!folders.hasCodeSet(config.budget())) {
            base.close();
            throw new IllegalStateException("thalamus.diffusion.budget=" + config.budget() + ": no code set "
                    + ModelFolders.codeSetName(config.budget()) + " in " + folders.describe() + " (present: "
                    + folders.budgets() + ")");
        }
        this.current = codeSet(config.budget());
        LOG.infof("Serving text-to-image at budget %s (%s, %d codes) from %s; models loaded in %d ms",
                ModelFolders.format(current.budget()), current.name(), current.codes().size(), folders.describe(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The code set requests are routed with now. */
    public CodeSet current() {
        return current;
    }

    /** Budgets with a trained code set. */
    public List<Double> budgets() {
        return folders.budgets();
    }

    /**
     * Serves the code set of another budget from now on, loading it first if needed.
     *
     * @throws ProblemException 404 when no code set was trained for the budget, 400 for a budget that is not a
     *                          whole percent in (0, 1]
     */
    public synchronized CodeSet switchTo(double budget) {
        ModelFolders.percent(budget, "budget");
        if (!folders.hasCodeSet(budget)) {
            throw new ProblemException(Problem.of(ProblemType.NOT_FOUND, "No code set was trained for budget "
                    + ModelFolders.format(budget) + " (no " + ModelFolders.codeSetName(budget) + " router in "
                    + folders.describe() + "); present: " + folders.budgets().stream().map(ModelFolders::format)
                    .toList()).with("available", folders.budgets()));
        }
        CodeSet previous = current;
        current = codeSet(budget);
        if (previous != current) {
            LOG.infof("Switched the budget from %s to %s (%s, %d codes)", ModelFolders.format(previous.budget()),
                    ModelFolders.format(budget), current.name(), current.codes().size());
        }
        return current;
    }

    private CodeSet codeSet(double budget) {
        return loaded.computeIfAbsent(ModelFolders.percent(budget, "budget"),
                percent -> CodeSet.load(folders, percent / 100.0, base, config.promptCacheSize()));
    }

    /** A prompt's token vectors from the frozen encoder, cached by text. */
    public TokenStates encode(String prompt) {
        return prompts.encode(prompt);
    }

    /** The code a prompt runs on in the current code set. */
    public ServedCode route(CodeSet set, String prompt) {
        return set.route(prompt, encode(prompt));
    }

    public TokenStates unconditional() {
        return unconditional;
    }

    public DiffusionModel base() {
        return base;
    }

    public int imageSize() {
        return base.net().architecture().imageSize();
    }

    @PreDestroy
    void close() {
        loaded.values().forEach(CodeSet::close);
        base.close();
    }
}
