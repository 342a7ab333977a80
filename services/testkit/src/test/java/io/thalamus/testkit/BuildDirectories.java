package io.thalamus.testkit;

import io.thalamus.testkit.process.Directories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test directories under the module's build directory (never /tmp: the servers unpack binaries into them). */
public final class BuildDirectories {

    private BuildDirectories() {
    }

    /**
     * {@code <build dir>/test-servers/<name>}, emptied except for the given relative paths (unpacked binaries worth
     * reusing between runs, e.g. {@code postgres/binaries}).
     */
    public static Path clean(String name, String... keep) {
        Path directory = Path.of(System.getProperty("thalamus.build.dir", "target")).toAbsolutePath()
                .resolve("test-servers").resolve(name);
        try {
            Files.createDirectories(directory);
            deleteExcept(directory, Stream.of(keep).map(directory::resolve).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory;
    }

    private static void deleteExcept(Path directory, List<Path> kept) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            for (Path child : children.toList()) {
                if (kept.contains(child)) {
                    continue;
                }
                if (Files.isDirectory(child) && kept.stream().anyMatch(path -> path.startsWith(child))) {
                    deleteExcept(child, kept);
                } else {
                    Directories.deleteRecursively(child);
                }
            }
        }
    }
}
