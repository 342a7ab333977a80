package io.thalamus.diffusion.model;

/**
 * A block of the UNet whose inner width can be gated, in the order blocks appear in the gate vector.
 *
 * @param name      e.g. "down1.attn"
 * @param kind      residual block or transformer
 * @param level     resolution level (0 = 16×16)
 * @param in        channels coming in
 * @param out       channels going out
 * @param skippable whether a depth gate can remove the whole block (only blocks whose output has their input's
 *                  shape: the last residual block or transformer of a stage)
 */
public record GatedBlock(String name, Kind kind, int level, int in, int out, boolean skippable) {

    public enum Kind {
        RESIDUAL,
        TRANSFORMER
    }
}
