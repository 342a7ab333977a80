package io.thalamus.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Properties;

/**
 * A network the project trained, saved as two files in a folder: its weights (DJL's parameter format) and a
 * properties description of its shape, from which a network of that shape is built before the weights are read.
 * Files are written whole (to a temporary name, then moved), so a reader never sees half a file.
 */
public final class SavedBlock {

    /** Builds a network from its description and reads its weights. */
    @FunctionalInterface
    public interface Loader<T> {
        T load(Properties description, InputStream weights) throws IOException;
    }

    private SavedBlock() {
    }

    public static <T> T read(Path folder, String description, String weights, Loader<T> loader) {
        try (InputStream descriptionBytes = Files.newInputStream(folder.resolve(description));
             InputStream weightBytes = Files.newInputStream(folder.resolve(weights))) {
            return loader.load(properties(descriptionBytes), weightBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model in " + folder, e);
        }
    }

    /** @param missing what to tell when the files are not there (e.g. the command that trains the model) */
    public static <T> T readClasspath(String folder, String description, String weights, Loader<T> loader,
                                      String missing) {
        ClassLoader classes = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                SavedBlock.class.getClassLoader());
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        try (InputStream descriptionBytes = classes.getResourceAsStream(prefix + description);
             InputStream weightBytes = classes.getResourceAsStream(prefix + weights)) {
            if (descriptionBytes == null || weightBytes == null) {
                throw new IllegalArgumentException("no model on the classpath at " + prefix + " (needs "
                        + description + " and " + weights + "); " + missing);
            }
            return loader.load(properties(descriptionBytes), weightBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model at " + prefix, e);
        }
    }

    /**
     * Reads weights into a network built to the shape they were saved from; if they do not fit, closes the owner of
     * the network (the model being loaded) and says so.
     */
    public static void loadParameters(Block block, NDManager manager, InputStream weights, String what,
                                      AutoCloseable owner) {
        try {
            block.loadParameters(manager, new DataInputStream(new BufferedInputStream(weights)));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            try {
                owner.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw new IllegalStateException("the weights of " + what + " do not fit their description", e);
        }
    }

    /**
     * Weights read from a file do not record gradients (serving never needs them); a network read from a checkpoint
     * to be trained further must be told to, or its first backward pass fails.
     */
    public static void recordGradients(Block block) {
        block.getParameters().forEach(parameter -> {
            if (parameter.getValue().requiresGradient()) {
                parameter.getValue().getArray().setRequiresGradient(true);
            }
        });
    }

    /** Size of a file in bytes, or -1 if it cannot be read. */
    public static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    public static void write(Path folder, String weights, Block block, String description, Properties properties,
                             String comment) {
        try {
            Files.createDirectories(folder);
            Path temporary = folder.resolve(weights + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary);
                 DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
                block.saveParameters(data);
            }
            Files.move(temporary, folder.resolve(weights), StandardCopyOption.REPLACE_EXISTING);
            writeProperties(folder.resolve(description), properties, comment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + folder, e);
        }
    }

    public static Properties readProperties(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return properties(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static void writeProperties(Path file, Properties properties, String comment) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (var writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, comment);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Properties properties(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        return properties;
    }
}
