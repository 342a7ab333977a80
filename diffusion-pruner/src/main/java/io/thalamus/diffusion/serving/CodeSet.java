package io.thalamus.diffusion.serving;

import io.thalamus.diffusion.aptp.PromptRouter;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.MacCounter;
import io.thalamus.diffusion.model.SubNetwork;
import io.thalamus.model.LeastRecentlyUsed;
import io.thalamus.model.SentenceEncoder.TokenStates;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The code set of one budget: its trained prompt router and one {@link ServedCode} per architecture code.
 * Immutable once loaded; every code's network is in memory.
 */
public final class CodeSet implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CodeSet.class);
    /** Prompt length (special tokens included) the cross-attention MACs are counted for, as in training. */
    static final int MAC_TOKENS = 24;

    private final double budget;
    private final String name;
    private final PromptRouter router;
    private final List<ServedCode> codes;
    private final Map<String, Integer> routed;

    private CodeSet(double budget, PromptRouter router, List<ServedCode> codes, int cacheSize) {
        this.budget = budget;
        this.name = ModelFolders.codeSetName(budget);
        this.router = router;
        this.codes = List.copyOf(codes);
        this.routed = LeastRecentlyUsed.map(cacheSize);
    }

    /**
     * Loads the budget's router and makes every code servable: its own fine-tuned weights, else its slice of the
     * network the codes were fine-tuned in together, else a slice of the base ({@link
     * PromptRouter#fineTunedCodes(java.util.function.Function)}).
     */
    static CodeSet load(ModelFolders folders, double budget, DiffusionModel base, int cacheSize) {
        long start = System.nanoTime();
        GateLayout layout = base.net().layout();
        PromptRouter router = folders.router(budget, layout);
        MacCounter counter = new MacCounter(layout, MAC_TOKENS);
        List<ServedCode> codes = new ArrayList<>();
        Map<Integer, DiffusionModel> tuned = Map.of();
        try {
            tuned = router.fineTunedCodes(folder -> folders.codeSetModel(budget, folder));
            List<SubNetwork> structures = router.codes();
            for (int k = 0; k < structures.size(); k++) {
                SubNetwork structure = structures.get(k);
                DiffusionModel model = tuned.containsKey(k) ? tuned.get(k) : DiffusionModel.slice(base, structure);
                codes.add(new ServedCode(k, structure, model, counter.macs(structure), counter.ratio(structure),
                        tuned.containsKey(k)));
            }
        } catch (RuntimeException e) {
            codes.forEach(code -> code.model().close());
            tuned.forEach((k, model) -> {
                if (k >= codes.size()) {
                    model.close();
                }
            });
            router.close();
            throw new IllegalStateException("cannot load the code set " + ModelFolders.codeSetName(budget) + ": "
                    + e.getMessage(), e);
        }
        CodeSet set = new CodeSet(budget, router, codes, cacheSize);
        LOG.infof("Loaded code set %s: %d codes, MACs ratios %s, %d fine-tuned, the rest sliced from the base,"
                + " in %d ms",
                set.name, codes.size(), codes.stream().map(c -> String.format(java.util.Locale.ROOT, "%.3f",
                        c.macsRatio())).toList(), codes.stream().filter(ServedCode::fineTuned).count(),
                (System.nanoTime() - start) / 1_000_000);
        return set;
    }

    /** The code a prompt runs on, from its token vectors (cached by prompt text: pooled and routed once). */
    ServedCode route(String prompt, TokenStates states) {
        Integer cached;
        synchronized (routed) {
            cached = routed.get(prompt);
        }
        if (cached == null) {
            cached = router.route(states);
            synchronized (routed) {
                routed.put(prompt, cached);
            }
        }
        return codes.get(cached);
    }

    public double budget() {
        return budget;
    }

    public String name() {
        return name;
    }

    public List<ServedCode> codes() {
        return codes;
    }

    public ServedCode code(int index) {
        return codes.get(index);
    }

    /** Mean MACs ratio over the codes: what an image costs on average relative to the full network. */
    public double meanMacsRatio() {
        return codes.stream().mapToDouble(ServedCode::macsRatio).average().orElse(1);
    }

    @Override
    public void close() {
        codes.forEach(code -> code.model().close());
        router.close();
    }
}
