package io.thalamus.diffusion.serving;

import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.diffusion.serving.config.DiffusionConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A text-to-image request, checked: the prompt ({@code input.text}) and the parameters {@code steps} (sampler
 * steps), {@code guidance} (classifier-free guidance weight), {@code seed} (the first image's starting noise; image
 * i uses seed + i), {@code n} (images), and the size: {@code upscale} (whole-number nearest-neighbour enlargement)
 * or {@code width}/{@code height} equal to the model's size times such a factor.
 *
 * @param sampler the settings one sampler pass runs with: requests with equal settings may share a pass
 */
record ImageRequest(String prompt, Sampler sampler, long seed, int images, int upscale) {

    /** Steps and guidance of one sampler pass. */
    record Sampler(int steps, double guidance) {

        /** A batch-key suffix for settings other than the defaults (requests with other settings never share a pass). */
        String keySuffix(DiffusionConfig config) {
            return steps == config.steps() && guidance == config.guidance() ? ""
                    : String.format(Locale.ROOT, "/steps=%d,guidance=%s", steps, guidance);
        }
    }

    /** Checks a request; every problem is a 400 naming its field. */
    static ImageRequest of(InvokeRequest request, DiffusionConfig config, int imageSize) {
        List<FieldError> errors = new ArrayList<>();
        String prompt = request.input() == null || request.input().text() == null ? "" : request.input().text().strip();
        if (prompt.isEmpty()) {
            errors.add(new FieldError("input.text", "is required: the prompt describing the image"));
        } else {
            int length = prompt.codePointCount(0, prompt.length());
            if (length > config.maxPromptChars()) {
                errors.add(new FieldError("input.text", "is " + length + " characters long; the limit is "
                        + config.maxPromptChars()));
            }
        }
        Map<String, Object> params = request.params();
        int steps = (int) whole(params, "steps", config.steps(), 1, config.maxSteps(), errors);
        double guidance = decimal(params, "guidance", config.guidance(), 0, config.maxGuidance(), errors);
        long seed = whole(params, "seed", Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, errors);
        int images = (int) whole(params, "n", 1, 1, config.maxImages(), errors);
        int upscale = (int) whole(params, "upscale", 0, 1, config.maxUpscale(), errors);
        int width = (int) whole(params, "width", 0, 1, (long) imageSize * config.maxUpscale(), errors);
        int height = (int) whole(params, "height", 0, 1, (long) imageSize * config.maxUpscale(), errors);
        if (width > 0 || height > 0) {
            int side = width > 0 ? width : height;
            if (width > 0 && height > 0 && width != height || side % imageSize != 0) {
                errors.add(new FieldError(width > 0 ? "params.width" : "params.height", "this model makes square "
                        + imageSize + "×" + imageSize + " images, enlarged by a whole factor up to "
                        + config.maxUpscale() + ": use " + imageSize + ", " + 2 * imageSize + ", … "
                        + imageSize * config.maxUpscale()));
            } else if (upscale > 0 && upscale != side / imageSize) {
                errors.add(new FieldError("params.upscale", "is " + upscale + " but width/height ask for "
                        + side / imageSize));
            } else {
                upscale = side / imageSize;
            }
        }
        if (!errors.isEmpty()) {
            String first = "'" + errors.get(0).field() + "' " + errors.get(0).message();
            throw new ProblemException(Problem.invalid(errors.size() == 1 ? first
                    : first + " (and " + (errors.size() - 1) + " more)", errors));
        }
        if (seed == Long.MIN_VALUE) {
            seed = ThreadLocalRandom.current().nextLong(1L << 48);
        }
        return new ImageRequest(prompt, new Sampler(steps, guidance), seed, images, Math.max(1, upscale));
    }

    private static long whole(Map<String, Object> params, String name, long absent, long min, long max,
                              List<FieldError> errors) {
        Object value = params.get(name);
        if (value == null) {
            return absent;
        }
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            number = ((Number) value).longValue();
        } else if (value instanceof Number decimal && decimal.doubleValue() == Math.rint(decimal.doubleValue())
                && Math.abs(decimal.doubleValue()) < 9e15) {
            number = decimal.longValue();
        } else if (value instanceof String text && text.strip().matches("-?\\d{1,18}")) {
            number = Long.parseLong(text.strip());
        } else {
            errors.add(new FieldError("params." + name, "must be a whole number"));
            return absent;
        }
        if (number < min || number > max) {
            errors.add(new FieldError("params." + name, "must be between " + min + " and " + max + "; got " + number));
            return absent;
        }
        return number;
    }

    private static double decimal(Map<String, Object> params, String name, double absent, double min, double max,
                                  List<FieldError> errors) {
        Object value = params.get(name);
        if (value == null) {
            return absent;
        }
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else {
            try {
                number = Double.parseDouble(String.valueOf(value).strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("params." + name, "must be a number"));
                return absent;
            }
        }
        if (!(number >= min && number <= max)) {
            errors.add(new FieldError("params." + name, "must be between " + min + " and " + max + "; got " + number));
            return absent;
        }
        return number;
    }
}
