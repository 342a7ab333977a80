package io.thalamus.diffusion.model;

import java.util.Properties;

/**
 * The shape of the text-conditioned UNet. The image is folded 2×2 into channels (32×32×3 → 16×16×12), so the
 * network runs at 16×16, 8×8 and 4×4 with {@code baseChannels} × 1, 2 and 4 channels, and unfolds its prediction
 * at the end.
 *
 * @param imageSize        side of the square RGB images, in pixels (even)
 * @param baseChannels     channels at the highest resolution
 * @param groups           GroupNorm groups; a residual block's hidden channels are gated one group at a time
 * @param heads            attention heads of every transformer (self and cross attention alike)
 * @param feedForwardRatio inner width of a transformer's feed-forward layer, in multiples of its channels
 * @param feedForwardGates gates over the feed-forward inner width (each gates an equal slice)
 * @param textDimension    width of the frozen text encoder's token vectors
 * @param contextDimension width the token vectors are projected to before cross attention
 * @param timeDimension    width of the time (and pooled text) embedding
 * @param prediction       what the network outputs: the noise or the velocity
 */
public record UNetArchitecture(int imageSize, int baseChannels, int groups, int heads, int feedForwardRatio,
                               int feedForwardGates, int textDimension, int contextDimension, int timeDimension,
                               Prediction prediction) {

    public UNetArchitecture {
        if (imageSize % 8 != 0 || baseChannels % groups != 0 || baseChannels % heads != 0
                || (baseChannels * feedForwardRatio) % feedForwardGates != 0) {
            throw new IllegalArgumentException("imageSize must be a multiple of 8; baseChannels must divide into "
                    + "groups and heads, and the feed-forward width into its gates");
        }
    }

    /** 32×32 images, 32-64-128 channels, 8 groups, 4 heads, MiniLM token vectors, velocity prediction. */
    public static UNetArchitecture standard() {
        return new UNetArchitecture(32, 32, 8, 4, 4, 16, 384, 128, 128, Prediction.VELOCITY);
    }

    /** The same network trained to predict something else. */
    public UNetArchitecture predicting(Prediction other) {
        return new UNetArchitecture(imageSize, baseChannels, groups, heads, feedForwardRatio, feedForwardGates,
                textDimension, contextDimension, timeDimension, other);
    }

    /** Channels at level 0 (16×16), 1 (8×8) or 2 (4×4). */
    public int channels(int level) {
        return baseChannels << level;
    }

    /** Side of the feature maps at a level. */
    public int side(int level) {
        return imageSize / 2 >> level;
    }

    public void store(Properties properties) {
        properties.setProperty("image-size", Integer.toString(imageSize));
        properties.setProperty("base-channels", Integer.toString(baseChannels));
        properties.setProperty("groups", Integer.toString(groups));
        properties.setProperty("heads", Integer.toString(heads));
        properties.setProperty("feed-forward-ratio", Integer.toString(feedForwardRatio));
        properties.setProperty("feed-forward-gates", Integer.toString(feedForwardGates));
        properties.setProperty("text-dimension", Integer.toString(textDimension));
        properties.setProperty("context-dimension", Integer.toString(contextDimension));
        properties.setProperty("time-dimension", Integer.toString(timeDimension));
        properties.setProperty("prediction", prediction.key());
    }

    public static UNetArchitecture load(Properties properties) {
        return new UNetArchitecture(integer(properties, "image-size"), integer(properties, "base-channels"),
                integer(properties, "groups"), integer(properties, "heads"),
                integer(properties, "feed-forward-ratio"), integer(properties, "feed-forward-gates"),
                integer(properties, "text-dimension"), integer(properties, "context-dimension"),
                integer(properties, "time-dimension"),
                // networks saved before the choice existed predict the noise
                Prediction.of(properties.getProperty("prediction", Prediction.EPSILON.key())));
    }

    private static int integer(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("the UNet description lacks '" + key + "'");
        }
        return Integer.parseInt(value.trim());
    }
}
