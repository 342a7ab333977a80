package io.thalamus.diffusion.judge;

import java.util.Properties;

/**
 * Sizes of the judge network.
 *
 * @param imageSize side of the square input images
 * @param channels  channels of the first convolution; deeper ones have two and four times as many
 * @param cellHidden width of the hidden layer of the cell classifier
 * @param hidden    width of the fully connected layer over the flattened 4×4 feature map
 * @param features  width of the feature vector (the last layer before the heads)
 */
public record JudgeArchitecture(int imageSize, int channels, int cellHidden, int hidden, int features) {

    public JudgeArchitecture {
        if (imageSize % 8 != 0) {
            throw new IllegalArgumentException("the image size must be a multiple of 8, not " + imageSize);
        }
    }

    public static JudgeArchitecture standard() {
        return new JudgeArchitecture(32, 16, 64, 96, 64);
    }

    /** Side of the map the cells are read from (two stride-2 convolutions). */
    public int mapSize() {
        return imageSize / 4;
    }

    /** Side of the map the whole-image path flattens (three stride-2 convolutions). */
    public int grid() {
        return imageSize / 8;
    }

    public void store(Properties properties) {
        properties.setProperty("image-size", Integer.toString(imageSize));
        properties.setProperty("channels", Integer.toString(channels));
        properties.setProperty("cell-hidden", Integer.toString(cellHidden));
        properties.setProperty("hidden", Integer.toString(hidden));
        properties.setProperty("features", Integer.toString(features));
    }

    public static JudgeArchitecture load(Properties properties) {
        JudgeArchitecture standard = standard();
        return new JudgeArchitecture(
                Integer.parseInt(properties.getProperty("image-size", Integer.toString(standard.imageSize()))),
                Integer.parseInt(properties.getProperty("channels", Integer.toString(standard.channels()))),
                Integer.parseInt(properties.getProperty("cell-hidden", Integer.toString(standard.cellHidden()))),
                Integer.parseInt(properties.getProperty("hidden", Integer.toString(standard.hidden()))),
                Integer.parseInt(properties.getProperty("features", Integer.toString(standard.features()))));
    }
}
