package io.thalamus.diffusion.serving;

import java.util.List;

/**
 * What the text-to-image expert answers: the images ({@code images[].mediaType}, {@code images[].base64}, as the
 * router's OpenAI images endpoint reads them) and how they were made.
 *
 * @param code      the architecture code (pruned sub-network) the prompt was routed to
 * @param codeSet   the code set it belongs to, {@code aptp-<percent>}
 * @param budget    the code set's compute budget, a share of the full network's MACs
 * @param macsRatio the code's MACs per image as a share of the full network's (what the usage credits scale with)
 * @param fineTuned whether the code runs fine-tuned weights (else weights sliced from the base model)
 * @param pass      the sampler pass that made the images: every image of one pass comes from the same code
 * @param passSize  images sampled together in that pass
 */
public record TextToImageOutput(List<Image> images, int code, String codeSet, double budget, double macsRatio,
                                boolean fineTuned, int steps, double guidance, long seed, long pass, int passSize) {

    /** One PNG, {@code seed} its starting noise. */
    public record Image(String mediaType, String base64, int width, int height, long seed) {
    }
}
