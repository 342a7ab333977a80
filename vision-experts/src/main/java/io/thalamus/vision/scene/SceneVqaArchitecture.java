package io.thalamus.vision.scene;

import java.util.Properties;

/**
 * The sizes of a {@link SceneVqaBlock}; saved next to the weights, so that a model loads with the shape it was
 * trained with.
 *
 * @param imageSize         width and height of the input image
 * @param channels          channels of every convolution
 * @param questionDimension length of the sentence vectors of questions
 * @param hidden            width of the attention, the relation function and the answer classifier
 * @param answers           number of possible answers
 */
public record SceneVqaArchitecture(int imageSize, int channels, int questionDimension, int hidden, int answers) {

    public SceneVqaArchitecture {
        if (imageSize < 16 || channels < 1 || questionDimension < 1 || hidden < 1 || answers < 2) {
            throw new IllegalArgumentException("invalid scene VQA architecture " + imageSize + "/" + channels + "/"
                    + questionDimension + "/" + hidden + "/" + answers);
        }
    }

    /** Side of the feature grid: three stride-2 convolutions halve the image three times (rounding up). */
    public int grid() {
        int side = imageSize;
        for (int i = 0; i < 3; i++) {
            side = (side + 1) / 2;
        }
        return side;
    }

    /** Length of one cell's vector: its channels, its average colour and its (x, y) coordinates. */
    public int cellDimension() {
        return channels + 3 + 2;
    }

    void store(Properties properties) {
        properties.setProperty("image-size", Integer.toString(imageSize));
        properties.setProperty("channels", Integer.toString(channels));
        properties.setProperty("question-dimension", Integer.toString(questionDimension));
        properties.setProperty("hidden", Integer.toString(hidden));
        properties.setProperty("answers", Integer.toString(answers));
    }

    static SceneVqaArchitecture load(Properties properties) {
        return new SceneVqaArchitecture(intOf(properties, "image-size"), intOf(properties, "channels"),
                intOf(properties, "question-dimension"), intOf(properties, "hidden"), intOf(properties, "answers"));
    }

    private static int intOf(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("the scene VQA model description has no '" + key + "'");
        }
        return Integer.parseInt(value.trim());
    }
}
