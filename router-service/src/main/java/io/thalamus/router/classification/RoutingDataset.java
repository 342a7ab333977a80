package io.thalamus.router.classification;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads routing data files: tab-separated, a header naming at least {@code task}, {@code source},
 * {@code id} and {@code text}; a text containing a double quote is written CSV-style (wrapped in
 * quotes, inner quotes doubled).
 */
public final class RoutingDataset {

    private RoutingDataset() {
    }

    /** @param imageTasks tasks whose rows stand for requests that carry an image */
    public static List<RoutingExample> read(Path file, Set<String> imageTasks) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new IOException(file + " is empty; expected a header line task<TAB>source<TAB>id<TAB>text");
            }
            List<String> columns = Arrays.asList(header.strip().split("\t", -1));
            int task = column(columns, "task", file);
            int source = column(columns, "source", file);
            int id = column(columns, "id", file);
            int text = column(columns, "text", file);
            List<RoutingExample> examples = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != columns.size()) {
                    throw new IOException(file + " line " + lineNumber + " has " + fields.length
                            + " tab-separated fields; the header has " + columns.size());
                }
                String taskName = fields[task].strip();
                examples.add(new RoutingExample(taskName, fields[source].strip(), fields[id].strip(),
                        unquote(fields[text]), imageTasks.contains(taskName)));
            }
            return examples;
        }
    }

    private static int column(List<String> columns, String name, Path file) throws IOException {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IOException(file + " has no '" + name + "' column; its header is " + columns);
        }
        return index;
    }

    static String unquote(String field) {
        if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
            return field.substring(1, field.length() - 1).replace("\"\"", "\"");
        }
        return field;
    }
}
