package io.thalamus.vision.eval;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name=value} options of the vision experts' commands (evaluation, benchmark, routing examples). */
public final class CommandOptions {

    private CommandOptions() {
    }

    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options are --name=value");
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
