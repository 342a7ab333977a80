package io.thalamus.model;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code --name=value} options of the model commands (training, evaluation, benchmarks); {@code --name} alone
 * means {@code --name=true}.
 */
public final class CommandOptions {

    private final Map<String, String> values;

    private CommandOptions(Map<String, String> values) {
        this.values = values;
    }

    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options are --name=value");
            }
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        return options;
    }

    public static CommandOptions of(String[] args) {
        return new CommandOptions(parse(args));
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        return Integer.parseInt(text(name, Integer.toString(fallback)));
    }

    public double decimal(String name, double fallback) {
        return Double.parseDouble(text(name, Double.toString(fallback)));
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(text(name, "false"));
    }
}
