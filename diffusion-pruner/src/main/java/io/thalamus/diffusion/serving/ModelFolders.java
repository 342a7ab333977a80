package io.thalamus.diffusion.serving;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.diffusion.aptp.PromptRouter;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.GateLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the served models are: a classpath folder ({@code thalamus.diffusion.model-resource}) and optionally a
 * folder on disk ({@code thalamus.diffusion.model-dir}) whose models take precedence, each holding {@code base/}
 * (the full UNet) and one {@code aptp-<percent>/} per trained code set (a router, and optionally fine-tuned weights:
 * per code in {@code code-<k>/}, or one network the codes are sliced from in {@code shared/}). Each model is taken
 * whole from the folder that has it, the disk first.
 */
final class ModelFolders {

    static final String BASE = "base";

    private final Optional<Path> directory;
    private final String resource;

    ModelFolders(Optional<Path> directory, String resource) {
        this.directory = directory;
        this.resource = resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
    }

    /** The folder name of a budget's code set: 0.65 → {@code aptp-65}. */
    static String codeSetName(double budget) {
        return "aptp-" + percent(budget);
    }

    /** A budget as whole percent of the full MACs; anything else is a 400 problem naming {@code field}. */
    static int percent(double budget, String field) {
        double scaled = budget * 100;
        long rounded = Math.round(scaled);
        if (!(budget > 0 && budget <= 1) || Math.abs(scaled - rounded) > 1e-6) {
            throw new ProblemException(Problem.invalid("A budget is a share of the full model's MACs in whole percent",
                    List.of(new FieldError(field, "must be one of 0.01, 0.02, … 1.0; got " + budget))));
        }
        return (int) rounded;
    }

    private static int percent(double budget) {
        return percent(budget, "budget");
    }

    static String format(double budget) {
        return String.format(Locale.ROOT, "%.2f", budget);
    }

    String describe() {
        return directory.map(path -> path.toAbsolutePath() + " and ").orElse("") + "classpath:" + resource;
    }

    DiffusionModel base() {
        return model(BASE).orElseThrow(() -> new IllegalStateException("no base diffusion model in " + describe()
                + "/" + BASE + " (needs " + DiffusionModel.DESCRIPTION + " and " + DiffusionModel.WEIGHTS + ")"));
    }

    /** Whether a code set was trained for this budget (its router is present). */
    boolean hasCodeSet(double budget) {
        return exists(codeSetName(budget) + "/" + PromptRouter.DESCRIPTION)
                && exists(codeSetName(budget) + "/" + PromptRouter.WEIGHTS);
    }

    /** Budgets with a trained code set, ascending. */
    List<Double> budgets() {
        List<Double> present = new ArrayList<>();
        for (int percent = 1; percent <= 100; percent++) {
            if (hasCodeSet(percent / 100.0)) {
                present.add(percent / 100.0);
            }
        }
        return present;
    }

    PromptRouter router(double budget, GateLayout layout) {
        String folder = codeSetName(budget);
        if (onDisk(folder + "/" + PromptRouter.DESCRIPTION) && onDisk(folder + "/" + PromptRouter.WEIGHTS)) {
            return PromptRouter.fromDirectory(directory.orElseThrow().resolve(folder), layout);
        }
        // the router reads from a folder: copy the two files out of the classpath (a jar) first
        try {
            Path copy = Files.createTempDirectory("thalamus-" + folder + "-");
            for (String file : List.of(PromptRouter.DESCRIPTION, PromptRouter.WEIGHTS)) {
                try (InputStream in = open(folder + "/" + file)) {
                    Files.copy(in, copy.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try {
                return PromptRouter.fromDirectory(copy, layout);
            } finally {
                for (String file : List.of(PromptRouter.DESCRIPTION, PromptRouter.WEIGHTS)) {
                    Files.deleteIfExists(copy.resolve(file));
                }
                Files.deleteIfExists(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the router of " + folder + " from " + describe(), e);
        }
    }

    /** The model in a folder of the budget's code set ({@code aptp-<percent>/<folder>/}), if there is one. */
    Optional<DiffusionModel> codeSetModel(double budget, String folder) {
        return model(codeSetName(budget) + "/" + folder);
    }

    private Optional<DiffusionModel> model(String folder) {
        String description = folder + "/" + DiffusionModel.DESCRIPTION;
        String weights = folder + "/" + DiffusionModel.WEIGHTS;
        if (onDisk(description) && onDisk(weights)) {
            return Optional.of(DiffusionModel.fromDirectory(directory.orElseThrow().resolve(folder)));
        }
        if (onClasspath(description) && onClasspath(weights)) {
            return Optional.of(DiffusionModel.fromClasspath(resource + "/" + folder));
        }
        return Optional.empty();
    }

    private boolean exists(String file) {
        return onDisk(file) || onClasspath(file);
    }

    private boolean onDisk(String file) {
        return directory.isPresent() && Files.isRegularFile(directory.get().resolve(file));
    }

    private boolean onClasspath(String file) {
        return loader().getResource(resource + "/" + file) != null;
    }

    private InputStream open(String file) throws IOException {
        InputStream in = loader().getResourceAsStream(resource + "/" + file);
        if (in == null) {
            throw new IOException("no classpath resource " + resource + "/" + file);
        }
        return in;
    }

    private static ClassLoader loader() {
        return Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                ModelFolders.class.getClassLoader());
    }
}
