package io.thalamus.diffusion.serving;

import io.thalamus.api.expert.CostModel;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.NodeInfo;
import io.thalamus.diffusion.serving.config.DiffusionConfig;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.config.ExpertDescriptorFactory;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The registration descriptor with what the served code set adds: node labels stating the budget and, per code,
 * its MACs ratio, credits per image and batch capacity, e.g.
 * {@code thalamus.dev/diffusion-code-3 = macs-ratio=0.512,credits-per-image=0.01024,max-batch=8}; and the cost
 * model's credits per request set to an average image's (credits per image × the codes' mean MACs ratio). The
 * registry contract is unchanged: labels are free-form.
 *
 * <p>Reflects the code set current when {@link #descriptor()} is called; the budget endpoint registers again after a
 * switch.
 */
@Alternative
@Priority(1)
@Singleton
public class CodeDescriptorFactory extends ExpertDescriptorFactory {

    public static final String BUDGET_LABEL = "thalamus.dev/diffusion-budget";
    public static final String CODES_LABEL = "thalamus.dev/diffusion-codes";
    public static final String CODE_LABEL_PREFIX = "thalamus.dev/diffusion-code-";

    private final ServedModels models;
    private final DiffusionConfig config;

    public CodeDescriptorFactory(ExpertConfig expert, ServedModels models, DiffusionConfig config) {
        super(expert);
        this.models = models;
        this.config = config;
    }

    @Override
    public ExpertDescriptor descriptor() {
        ExpertDescriptor base = super.descriptor();
        CodeSet set = models.current();
        Map<String, String> labels = new LinkedHashMap<>(base.node().labels());
        labels.put(BUDGET_LABEL, ModelFolders.format(set.budget()));
        labels.put(CODES_LABEL, Integer.toString(set.codes().size()));
        for (ServedCode code : set.codes()) {
            labels.put(CODE_LABEL_PREFIX + code.index(), String.format(Locale.ROOT,
                    "macs-ratio=%.3f,credits-per-image=%.5f,max-batch=%d%s", code.macsRatio(),
                    config.creditsPerImage() * code.macsRatio(), batchSize(), code.fineTuned() ? ",fine-tuned" : ""));
        }
        NodeInfo node = new NodeInfo(base.node().gpuModel(), base.node().gpuMemoryMb(), base.node().zone(), labels);
        CostModel cost = new CostModel(config.creditsPerImage() * set.meanMacsRatio(),
                base.cost().creditsPerGpuSecond());
        return new ExpertDescriptor(base.id(), base.modelId(), base.tasks(), base.inputModalities(),
                base.outputModalities(), base.endpoint(), base.protocol(), cost, base.quality(), base.latency(),
                base.capacity(), node, base.owner(), base.domain());
    }
}
