package io.thalamus.router.classification;

/**
 * One labelled request from a routing data file.
 *
 * @param hasImage whether the request carries an image (the data files mark this by task: every
 *                 row of an image task such as {@code vqa} stands for a request with an image)
 */
public record RoutingExample(String task, String source, String id, String text, boolean hasImage) {
}
