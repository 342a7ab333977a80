package io.thalamus.diffusion.serving;

import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.diffusion.model.DdimSampler;
import io.thalamus.diffusion.model.NoiseSchedule;
import io.thalamus.diffusion.serving.config.DiffusionConfig;
import io.thalamus.expert.spi.Expert;
import io.thalamus.model.SentenceEncoder.TokenStates;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Text-to-image with prompt-routed pruned sub-networks (APTP): each prompt is encoded by the frozen MiniLM encoder
 * and routed to one architecture code of the current code set; its batch key is that code ({@code code-<k>}, plus
 * the sampler settings when they are not the defaults), so the runtime batches only prompts of one code, and a
 * batch is one DDIM pass (classifier-free guidance) on that code's physically smaller network.
 *
 * <p>The batch's code is decided again when the batch runs, under the code set current then: after a budget switch,
 * a batch admitted under the previous set is split by its codes in the new one. Each output names its code, its
 * MACs ratio and the pass that made it.
 */
@Singleton
public class TextToImageExpert implements Expert {

    private static final Logger LOG = Logger.getLogger(TextToImageExpert.class);

    private final ServedModels models;
    private final DiffusionConfig config;
    private final NoiseSchedule schedule = new NoiseSchedule();
    private final AtomicLong passes = new AtomicLong();

    public TextToImageExpert(ServedModels models, DiffusionConfig config) {
        this.models = models;
        this.config = config;
    }

    /** Checks the request, encodes and routes its prompt: {@code code-<k>}. Quick after the first time per prompt. */
    @Override
    public String batchKey(InvokeRequest request) {
        ImageRequest image = ImageRequest.of(request, config, models.imageSize());
        ServedCode code = models.route(models.current(), image.prompt());
        return code.key() + image.sampler().keySuffix(config);
    }

    @Override
    public Object invoke(InvokeRequest request) {
        return invokeBatch(List.of(request)).get(0);
    }

    @Override
    public List<Object> invokeBatch(List<InvokeRequest> requests) {
        CodeSet set = models.current();
        List<ImageRequest> images = new ArrayList<>(requests.size());
        Map<Pass, List<Integer>> passes = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            ImageRequest image = ImageRequest.of(requests.get(i), config, models.imageSize());
            images.add(image);
            ServedCode code = models.route(set, image.prompt());
            passes.computeIfAbsent(new Pass(code, image.sampler()), key -> new ArrayList<>()).add(i);
        }
        Object[] outputs = new Object[requests.size()];
        passes.forEach((pass, members) -> run(set, pass, members, images, outputs));
        return List.of(outputs);
    }

    /** Requests that can share a sampler pass: one code, one sampler setting. */
    private record Pass(ServedCode code, ImageRequest.Sampler sampler) {
    }

    private void run(CodeSet set, Pass pass, List<Integer> members, List<ImageRequest> images, Object[] outputs) {
        List<TokenStates> prompts = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (int member : members) {
            ImageRequest image = images.get(member);
            TokenStates states = models.encode(image.prompt());
            for (int j = 0; j < image.images(); j++) {
                prompts.add(states);
                seeds.add(image.seed() + j);
            }
        }
        long id = passes.incrementAndGet();
        long start = System.nanoTime();
        DdimSampler sampler = new DdimSampler(schedule, pass.sampler().steps(), (float) pass.sampler().guidance());
        ServedCode code = pass.code();
        float[] planes = sampler.sample(code.model().net(), prompts, models.unconditional(), null,
                seeds.stream().mapToLong(Long::longValue).toArray(), code.model().model().getNDManager());
        LOG.debugf("Pass %d: %d images on %s/%s (MACs ratio %.3f), %d steps, in %d ms", id, prompts.size(),
                set.name(), code.key(), code.macsRatio(), pass.sampler().steps(), (System.nanoTime() - start) / 1_000_000);
        int size = models.imageSize();
        int offset = 0;
        for (int member : members) {
            ImageRequest image = images.get(member);
            List<TextToImageOutput.Image> pngs = new ArrayList<>(image.images());
            for (int j = 0; j < image.images(); j++) {
                byte[] png = PngImages.png(planes, offset + j, size, image.upscale());
                pngs.add(new TextToImageOutput.Image("image/png", Base64.getEncoder().encodeToString(png),
                        size * image.upscale(), size * image.upscale(), image.seed() + j));
            }
            offset += image.images();
            outputs[member] = new TextToImageOutput(List.copyOf(pngs), code.index(), set.name(), set.budget(),
                    code.macsRatio(), code.fineTuned(), pass.sampler().steps(), pass.sampler().guidance(),
                    image.seed(), id, prompts.size());
        }
    }
}
